package io.shopscale.inventory.bench;

import static io.shopscale.inventory.bench.BenchSupport.WAIT_LIMIT;
import static io.shopscale.inventory.bench.BenchSupport.await;
import static io.shopscale.inventory.bench.BenchSupport.millis;
import static io.shopscale.inventory.bench.BenchSupport.named;
import static io.shopscale.inventory.bench.BenchSupport.port;
import static io.shopscale.inventory.bench.BenchSupport.stop;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.inventory.InventoryServiceApplication;
import io.shopscale.testsupport.TestJwtIssuer;
import io.shopscale.testsupport.TestPostgres;
import io.shopscale.testsupport.TestRedis;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * {@code GET /api/products/{id}} over real HTTP, through the near cache in front of Redis (with each read's view
 * counted in Redis, as shipped, and with view counting off), through the Redis cache alone (cache-aside) and straight
 * from PostgreSQL, plus how many database loads 64 simultaneous misses of one key cost (single flight), and how many
 * Redis commands each mode sends per read. Prints figures and asserts nothing about speed; it fails only when it
 * would have measured errors (5xx or broken connections).
 *
 * <p>Runs only with {@code ./mvnw -B -pl inventory-service -Pbench verify}; {@code -Dbench.seconds},
 * {@code -Dbench.warmup.seconds} and {@code -Dbench.threads} change the run. The report also goes to
 * {@code target/bench/product-read.txt}.
 */
class ProductReadBenchmark {

  private static final int PRODUCTS = 200;
  private static final int SINGLE_FLIGHT_CALLERS = 64;
  private static final int SINGLE_FLIGHT_ROUNDS = 5;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final Path REPORT = Path.of("target", "bench", "product-read.txt");

  private final int threads = Integer.getInteger("bench.threads", 8);
  private final int seconds = Integer.getInteger("bench.seconds", 10);
  private final int warmupSeconds = Integer.getInteger("bench.warmup.seconds", 3);
  private final String admin = "Bearer " + TestJwtIssuer.get().admin("bench-admin");

  @Test
  void productReads() throws Exception {
    String database = TestPostgres.get().createDatabase("ProductReadBenchmark");
    String keyPrefix = "bench-" + UUID.randomUUID();
    ExecutorService httpExecutor = Executors.newCachedThreadPool(named("bench-http"));
    ConfigurableApplicationContext cachedApp = null;
    ConfigurableApplicationContext uncachedApp = null;
    ConfigurableApplicationContext nearApp = null;
    ConfigurableApplicationContext nearNoViewsApp = null;
    try {
      // one database for all: the same rows, and Flyway finds it migrated the second time
      cachedApp = start(database, true, false, true, keyPrefix);
      uncachedApp = start(database, false, false, true, keyPrefix + "-unused");
      nearApp = start(database, true, true, true, keyPrefix + "-near");
      nearNoViewsApp = start(database, true, true, false, keyPrefix + "-near-noviews");
      StringRedisTemplate redis = cachedApp.getBean(StringRedisTemplate.class);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5)).executor(httpExecutor).build();
      int cachedPort = port(cachedApp);
      List<UUID> ids = seed(http, cachedPort);
      List<HttpRequest> cachedReads = reads(cachedPort, ids);
      List<HttpRequest> uncachedReads = reads(port(uncachedApp), ids);
      List<HttpRequest> nearReads = reads(port(nearApp), ids);
      List<HttpRequest> nearNoViewsReads = reads(port(nearNoViewsApp), ids);

      // every warm-up before any measurement, so the code the modes share is compiled for all of them
      drive(http, uncachedReads, Duration.ofSeconds(warmupSeconds));
      drive(http, cachedReads, Duration.ofSeconds(warmupSeconds));
      drive(http, nearReads, Duration.ofSeconds(warmupSeconds));
      drive(http, nearNoViewsReads, Duration.ofSeconds(warmupSeconds));
      Duration measured = Duration.ofSeconds(seconds);
      Measured uncached = measure(http, uncachedReads, measured, redis);
      CacheCounts before = CacheCounts.of(cachedApp);
      Measured cached = measure(http, cachedReads, measured, redis);
      CacheCounts during = CacheCounts.of(cachedApp).minus(before);
      // near with and without view counting in the order A B A, half of A on each side of B: both get the same share
      // of a drift (JIT, a flush, the machine) over the three stretches
      CacheCounts nearBefore = CacheCounts.of(nearApp);
      Measured nearFirstHalf = measure(http, nearReads, measured.dividedBy(2), redis);
      Measured nearNoViews = measure(http, nearNoViewsReads, measured, redis);
      Measured near = nearFirstHalf.plus(measure(http, nearReads, measured.minus(measured.dividedBy(2)), redis));
      CacheCounts nearDuring = CacheCounts.of(nearApp).minus(nearBefore);
      List<Burst> singleFlight = singleFlight(http, cachedApp, keyPrefix, ids);

      String report = report(cached, uncached, during, near, nearNoViews, nearDuring, singleFlight);
      System.out.print(report);
      Files.createDirectories(REPORT.getParent());
      Files.writeString(REPORT, report, StandardCharsets.UTF_8);

      // not a speed check: figures taken from failing requests would be meaningless
      assertThat(List.of(cached, uncached, near, nearNoViews)).as("5xx responses or broken requests while measuring")
          .allSatisfy(mode -> assertThat(mode.result().serverErrors() + mode.result().transportErrors()).isZero());
      assertThat(singleFlight).allSatisfy(burst -> assertThat(burst.statuses()).containsOnlyKeys(200));
    }
    finally {
      close(nearNoViewsApp);
      close(nearApp);
      close(uncachedApp);
      close(cachedApp);
      httpExecutor.shutdownNow();
      httpExecutor.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  // Command-line arguments, not SpringApplicationBuilder.properties(): those are defaults that application.yml
  // overrides, so the app would look for localhost:5432.
  private static ConfigurableApplicationContext start(String database, boolean cacheEnabled, boolean nearEnabled,
      boolean viewsEnabled, String keyPrefix) {
    TestPostgres postgres = TestPostgres.get();
    return new SpringApplicationBuilder(InventoryServiceApplication.class).run(
        "--spring.datasource.url=" + database,
        "--spring.datasource.username=" + postgres.user(),
        "--spring.datasource.password=" + postgres.password(),
        "--spring.data.redis.url=" + TestRedis.url(),
        "--shopscale.security.jwt.jwks-uri=" + TestJwtIssuer.get().jwksUri(),
        "--shopscale.cache.enabled=" + cacheEnabled,
        "--shopscale.cache.caches.product.near.enabled=" + nearEnabled,
        // nothing changes while measuring: the TTL only decides how often a copy is read from Redis again
        "--shopscale.cache.caches.product.near.ttl=5s",
        "--shopscale.cache.key-prefix=" + keyPrefix,
        "--shopscale.inventory.views.enabled=" + viewsEnabled,
        "--server.port=0",
        "--server.address=127.0.0.1",
        "--spring.main.banner-mode=off",
        "--logging.level.root=WARN");
  }

  private static void close(ConfigurableApplicationContext app) {
    if (app != null) {
      app.close();
    }
  }

  private List<UUID> seed(HttpClient http, int port) throws IOException, InterruptedException {
    List<UUID> ids = new ArrayList<>();
    for (int i = 1; i <= PRODUCTS; i++) {
      String body = """
          {"sku":"BENCH-%d","name":"Bench %d","description":"d","price":{"amount":"9.99","currency":"USD"},\
          "availableQuantity":100}""".formatted(i, i);
      HttpRequest create = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/products"))
          .timeout(REQUEST_TIMEOUT).header("Authorization", admin).header("Content-Type", "application/json")
          .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
      HttpResponse<String> created = http.send(create, BodyHandlers.ofString());
      if (created.statusCode() != 201) {
        throw new IllegalStateException("Seeding product " + i + " failed: " + created.statusCode() + " "
            + created.body());
      }
      String location = created.headers().firstValue("Location").orElseThrow();
      ids.add(UUID.fromString(location.substring(location.lastIndexOf('/') + 1)));
    }
    return ids;
  }

  private static List<HttpRequest> reads(int port, List<UUID> ids) {
    List<HttpRequest> reads = new ArrayList<>();
    for (UUID id : ids) {
      reads.add(read(port, id));
    }
    return reads;
  }

  private static HttpRequest read(int port, UUID id) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/products/" + id))
        .timeout(REQUEST_TIMEOUT).header("Accept", "application/json").GET().build();
  }

  /** {@link #drive} with the Redis commands the server ran meanwhile (every client's of the server: ours alone here). */
  private Measured measure(HttpClient http, List<HttpRequest> reads, Duration duration, StringRedisTemplate redis)
      throws Exception {
    RedisCommands before = RedisCommands.of(redis);
    Result result = drive(http, reads, duration);
    return new Measured(result, RedisCommands.of(redis).minus(before));
  }

  /** {@code threads} clients each send one request after the other, to random products, for {@code duration}. */
  private Result drive(HttpClient http, List<HttpRequest> reads, Duration duration) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(threads, named("bench-client"));
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch go = new CountDownLatch(1);
      AtomicLong deadline = new AtomicLong();
      List<Future<Result>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(clients.submit(() -> {
          ready.countDown();
          await(go);
          return client(http, reads, deadline.get());
        }));
      }
      await(ready);
      long start = System.nanoTime();
      deadline.set(start + duration.toNanos());
      go.countDown();
      Result total = Result.empty();
      for (Future<Result> result : results) {
        total = total.plus(result.get(duration.plus(WAIT_LIMIT).toMillis(), TimeUnit.MILLISECONDS));
      }
      return total.took(System.nanoTime() - start);
    }
    finally {
      stop(clients);
    }
  }

  private static Result client(HttpClient http, List<HttpRequest> reads, long deadline) throws InterruptedException {
    Histogram latency = new Histogram(3);
    SortedMap<Integer, Long> nonOk = new TreeMap<>();
    long transportErrors = 0;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (System.nanoTime() < deadline) {
      HttpRequest request = reads.get(random.nextInt(reads.size()));
      long begin = System.nanoTime();
      try {
        int status = http.send(request, BodyHandlers.discarding()).statusCode();
        latency.recordValue(System.nanoTime() - begin);
        if (status != 200) {
          nonOk.merge(status, 1L, Long::sum);
        }
      }
      catch (IOException ex) {
        transportErrors++;
      }
    }
    return new Result(latency, nonOk, transportErrors, 0);
  }

  /**
   * Per round: 64 callers open their connections on a cached product, its key is deleted from Redis, and the 64 are
   * released at once on the miss. The {@code shopscale.cache.loads} counter tells how many went to the database.
   */
  private static List<Burst> singleFlight(HttpClient http, ConfigurableApplicationContext app, String keyPrefix,
      List<UUID> ids) throws Exception {
    StringRedisTemplate redis = app.getBean(StringRedisTemplate.class);
    Counter loads = app.getBean(MeterRegistry.class).get("shopscale.cache.loads").tag("cache", "product").counter();
    int port = port(app);
    ExecutorService callers = Executors.newFixedThreadPool(SINGLE_FLIGHT_CALLERS, named("bench-single-flight"));
    try {
      List<Burst> bursts = new ArrayList<>();
      for (int round = 0; round < SINGLE_FLIGHT_ROUNDS; round++) {
        UUID id = ids.get(round * (ids.size() / SINGLE_FLIGHT_ROUNDS));
        HttpRequest request = read(port, id);
        burst(http, callers, request); // warm: one open connection per caller, the product in Redis
        redis.delete(keyPrefix + ":product:" + id);
        double before = loads.count();
        SortedMap<Integer, Long> statuses = burst(http, callers, request);
        bursts.add(new Burst(id, Math.round(loads.count() - before), statuses));
      }
      return bursts;
    }
    finally {
      stop(callers);
    }
  }

  private static SortedMap<Integer, Long> burst(HttpClient http, ExecutorService callers, HttpRequest request)
      throws Exception {
    CountDownLatch ready = new CountDownLatch(SINGLE_FLIGHT_CALLERS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> responses = new ArrayList<>();
    for (int i = 0; i < SINGLE_FLIGHT_CALLERS; i++) {
      Callable<Integer> call = () -> {
        ready.countDown();
        await(go);
        try {
          return http.send(request, BodyHandlers.discarding()).statusCode();
        }
        catch (IOException ex) {
          return -1; // shown as status -1: no response
        }
      };
      responses.add(callers.submit(call));
    }
    await(ready);
    go.countDown();
    SortedMap<Integer, Long> statuses = new TreeMap<>();
    for (Future<Integer> response : responses) {
      statuses.merge(response.get(WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS), 1L, Long::sum);
    }
    return statuses;
  }

  private String report(Measured cachedRun, Measured uncachedRun, CacheCounts cacheCounts, Measured nearRun,
      Measured nearNoViewsRun, CacheCounts nearCounts, List<Burst> singleFlight) {
    Result cached = cachedRun.result();
    Result uncached = uncachedRun.result();
    Result near = nearRun.result();
    Result nearNoViews = nearNoViewsRun.result();
    StringBuilder out = new StringBuilder();
    out.append("=== ShopScale product read benchmark ===\n");
    out.append(String.format(Locale.ROOT,
        "GET /api/products/{id}, random ids of %d products, HTTP/1.1 to 127.0.0.1, %d client threads, "
            + "%d s warm-up + %d s measured per mode (near: two halves, before and after near-noviews)%n",
        PRODUCTS, threads, warmupSeconds, seconds));
    out.append(String.format(Locale.ROOT, "JVM %s, %d processors, client and servers in one JVM%n",
        Runtime.version(), Runtime.getRuntime().availableProcessors()));
    out.append(String.format(Locale.ROOT, "%-13s %10s %10s %9s %9s %9s %9s %7s %12s %12s%n", "mode", "requests",
        "rps", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors", "redis/read", "hincrby/read"));
    row(out, "near", nearRun);
    row(out, "near-noviews", nearNoViewsRun);
    row(out, "cached", cachedRun);
    row(out, "uncached", uncachedRun);
    out.append(String.format(Locale.ROOT, "cached/uncached: rps x%.2f, p99 x%.2f%n",
        cached.rps() / uncached.rps(), cached.p99Millis() / uncached.p99Millis()));
    out.append(String.format(Locale.ROOT, "near/cached: rps x%.2f, p50 x%.2f, p99 x%.2f%n",
        near.rps() / cached.rps(), near.p50Millis() / cached.p50Millis(), near.p99Millis() / cached.p99Millis()));
    out.append(String.format(Locale.ROOT,
        "near with views/without: rps x%.3f, p50 x%.3f, p99 x%.3f; Redis commands per "
            + "read %.3f vs %.3f%n",
        near.rps() / nearNoViews.rps(), near.p50Millis() / nearNoViews.p50Millis(),
        near.p99Millis() / nearNoViews.p99Millis(), nearRun.redisPerRead(), nearNoViewsRun.redisPerRead()));
    out.append(String.format(Locale.ROOT, "non-200 responses: near %s, near-noviews %s, cached %s, uncached %s%n",
        near.errorDetail(), nearNoViews.errorDetail(), cached.errorDetail(), uncached.errorDetail()));
    out.append(String.format(Locale.ROOT, "cache during the cached run: %d hits, %d misses, %d database loads%n",
        cacheCounts.hits(), cacheCounts.misses(), cacheCounts.loads()));
    out.append(String.format(Locale.ROOT, "caches during the near run: near %d hits, %d misses (hit rate %.1f %%); "
        + "Redis %d hits, %d misses; %d database loads%n", nearCounts.nearHits(), nearCounts.nearMisses(),
        100.0 * nearCounts.nearHits() / Math.max(1, nearCounts.nearHits() + nearCounts.nearMisses()),
        nearCounts.hits(), nearCounts.misses(), nearCounts.loads()));
    for (Burst burst : singleFlight) {
      out.append(String.format(Locale.ROOT, "single-flight: %d concurrent misses -> %d database loads "
          + "(product %s, statuses %s)%n", SINGLE_FLIGHT_CALLERS, burst.loads(), burst.id(), burst.statuses()));
    }
    out.append("=== end ===\n");
    return out.toString();
  }

  private static void row(StringBuilder out, String mode, Measured run) {
    Result result = run.result();
    out.append(String.format(Locale.ROOT, "%-13s %10d %10.1f %9.3f %9.3f %9.3f %9.3f %7d %12.3f %12.3f%n", mode,
        result.requests(), result.rps(), millis(result.latency().getValueAtPercentile(50)),
        millis(result.latency().getValueAtPercentile(90)), result.p99Millis(),
        millis(result.latency().getMaxValue()), result.errors(), run.redisPerRead(), run.hincrbyPerRead()));
  }

  /** Latencies in nanoseconds of every response, the statuses other than 200, and requests without a response. */
  private record Result(Histogram latency, SortedMap<Integer, Long> nonOk, long transportErrors, long nanos) {

    static Result empty() {
      return new Result(new Histogram(3), new TreeMap<>(), 0, 0);
    }

    Result plus(Result other) {
      Histogram merged = latency.copy();
      merged.add(other.latency);
      SortedMap<Integer, Long> statuses = new TreeMap<>(nonOk);
      other.nonOk.forEach((status, count) -> statuses.merge(status, count, Long::sum));
      return new Result(merged, statuses, transportErrors + other.transportErrors, nanos + other.nanos);
    }

    Result took(long elapsed) {
      return new Result(latency, nonOk, transportErrors, elapsed);
    }

    long requests() {
      return latency.getTotalCount() + transportErrors;
    }

    double rps() {
      return requests() / (nanos / 1e9);
    }

    double p50Millis() {
      return millis(latency.getValueAtPercentile(50));
    }

    double p99Millis() {
      return millis(latency.getValueAtPercentile(99));
    }

    long errors() {
      return nonOk.values().stream().mapToLong(Long::longValue).sum() + transportErrors;
    }

    long serverErrors() {
      return nonOk.entrySet().stream().filter(e -> e.getKey() >= 500).mapToLong(Map.Entry::getValue).sum();
    }

    String errorDetail() {
      if (errors() == 0) {
        return "none";
      }
      return nonOk + (transportErrors > 0 ? " + " + transportErrors + " without response" : "");
    }
  }

  private record Burst(UUID id, long loads, SortedMap<Integer, Long> statuses) {
  }

  private record Measured(Result result, RedisCommands redis) {

    Measured plus(Measured later) {
      return new Measured(result.plus(later.result), redis.plus(later.redis));
    }

    double redisPerRead() {
      return (double) redis.all() / result.requests();
    }

    double hincrbyPerRead() {
      return (double) redis.hincrby() / result.requests();
    }
  }

  /** Commands Redis has run since it started ({@code INFO}), all and {@code HINCRBY} (a counted view). */
  private record RedisCommands(long all, long hincrby) {

    static RedisCommands of(StringRedisTemplate redis) {
      Properties stats = redis.execute((RedisCallback<Properties>) c -> c.serverCommands().info("stats"));
      Properties commands = redis.execute((RedisCallback<Properties>) c -> c.serverCommands().info("commandstats"));
      // "calls=12,usec=34,...": absent until the first HINCRBY
      String hincrby = commands.getProperty("cmdstat_hincrby", "calls=0,");
      return new RedisCommands(Long.parseLong(stats.getProperty("total_commands_processed").trim()),
          Long.parseLong(hincrby.substring("calls=".length(), hincrby.indexOf(','))));
    }

    RedisCommands minus(RedisCommands earlier) {
      return new RedisCommands(all - earlier.all, hincrby - earlier.hincrby);
    }

    RedisCommands plus(RedisCommands other) {
      return new RedisCommands(all + other.all, hincrby + other.hincrby);
    }
  }

  private record CacheCounts(long hits, long misses, long loads, long nearHits, long nearMisses) {

    static CacheCounts of(ConfigurableApplicationContext app) {
      MeterRegistry meters = app.getBean(MeterRegistry.class);
      return new CacheCounts(count(meters, "shopscale.cache.requests", "hit"),
          count(meters, "shopscale.cache.requests", "miss"), count(meters, "shopscale.cache.loads", null),
          count(meters, "shopscale.cache.near.requests", "hit"),
          count(meters, "shopscale.cache.near.requests", "miss"));
    }

    // 0 for a meter the app does not have (the near cache's, with it off)
    private static long count(MeterRegistry meters, String name, String result) {
      var search = meters.find(name).tag("cache", "product");
      Counter counter = (result == null ? search : search.tag("result", result)).counter();
      return counter == null ? 0 : Math.round(counter.count());
    }

    CacheCounts minus(CacheCounts earlier) {
      return new CacheCounts(hits - earlier.hits, misses - earlier.misses, loads - earlier.loads,
          nearHits - earlier.nearHits, nearMisses - earlier.nearMisses);
    }
  }
}
