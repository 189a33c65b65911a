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
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.inventory.InventoryServiceApplication;
import io.shopscale.embedded.PostgresPair;
import io.shopscale.testsupport.TestJwtIssuer;
import io.shopscale.testsupport.TestRedis;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The catalog under a mixed load (90 % anonymous list reads, 10 % admin stock writes) over real HTTP, once with
 * read-only transactions routed to a streaming replica and once with every query on the primary, and how much work
 * the primary and the replica did in each run ({@code pg_stat_database}). Prints figures and asserts nothing about
 * speed; it fails only when it would have measured errors (5xx or broken connections).
 *
 * <p>Runs only with {@code ./mvnw -B -pl inventory-service -Pbench verify}; {@code -Dbench.seconds},
 * {@code -Dbench.warmup.seconds}, {@code -Dbench.threads} and {@code -Dbench.stats.settle.millis} change the run.
 * The report also goes to {@code target/bench/read-routing.txt}.
 */
class ReadRoutingBenchmark {

  private static final int PRODUCTS = 2_000;
  private static final int WRITE_PERCENT = 10;
  private static final int PAGE_SIZE = 20;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final Path REPORT = Path.of("target", "bench", "read-routing.txt");

  // Product names are two of these words; search terms are 2 or 3 letters cut out of one, so most searches find
  // something and 2-letter ones (which no trigram index serves) scan the table. No word holds "rr", the SKU prefix.
  private static final List<String> WORDS = List.of("amber", "basalt", "cedar", "copper", "delta", "ember",
      "falcon", "garnet", "harbor", "indigo", "jasper", "kettle", "lantern", "maple", "nickel", "onyx", "pepper",
      "quartz", "raven", "saddle", "timber", "umber", "velvet", "walnut", "willow", "zephyr", "anchor", "beacon",
      "canvas", "dune", "fjord", "glacier", "hollow", "island", "juniper", "lotus", "meadow", "nectar", "orchid",
      "pebble", "ridge", "summit", "thistle", "tundra", "violet");

  private final int threads = Integer.getInteger("bench.threads", 8);
  private final int seconds = Integer.getInteger("bench.seconds", 10);
  private final int warmupSeconds = Integer.getInteger("bench.warmup.seconds", 3);
  // A backend flushes its statistics at most once a second while busy; what it gathered in its last busy second
  // stays pending until it has been idle for 10 s (PGSTAT_IDLE_INTERVAL). So wait that long after a load before
  // reading pg_stat_database, or each reading misses up to a second of work.
  private final Duration statsSettle = Duration.ofMillis(Long.getLong("bench.stats.settle.millis", 11_000));
  private final String admin = "Bearer " + TestJwtIssuer.get().admin("read-routing-bench-admin");

  @Test
  void readRouting() throws Exception {
    PostgresPair pair = PostgresPair.get();
    String database = pair.createDatabase("ReadRoutingBenchmark");
    String keyPrefix = "bench-" + UUID.randomUUID();
    ExecutorService httpExecutor = Executors.newCachedThreadPool(named("bench-http"));
    ConfigurableApplicationContext app = null;
    try {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5)).executor(httpExecutor).build();

      // one database for both modes, seeded once through the first app; the modes run one after the other, so
      // neither shares the two cores with the other's app. The baseline runs second, with the JIT warmer.
      app = start(pair, database, true, keyPrefix + "-replica");
      long seedStart = System.nanoTime();
      List<UUID> ids = seed(http, port(app));
      Duration seeding = Duration.ofNanos(System.nanoTime() - seedStart);
      Mode replica = measure("replica", app, http, pair, database, ids);
      app.close();
      app = null;

      app = start(pair, database, false, keyPrefix + "-primary-only");
      Mode primaryOnly = measure("primary-only", app, http, pair, database, ids);
      app.close();
      app = null;

      String report = report(replica, primaryOnly, seeding);
      System.out.print(report);
      Files.createDirectories(REPORT.getParent());
      Files.writeString(REPORT, report, StandardCharsets.UTF_8);

      // not a speed check: figures taken from failing requests would be meaningless
      assertThat(replica.result().serverErrors() + primaryOnly.result().serverErrors())
          .as("5xx responses while measuring").isZero();
      assertThat(replica.result().transportErrors() + primaryOnly.result().transportErrors())
          .as("broken requests while measuring").isZero();
    }
    finally {
      if (app != null) {
        app.close();
      }
      httpExecutor.shutdownNow();
      httpExecutor.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  // Command-line arguments, not SpringApplicationBuilder.properties(): those are defaults that application.yml
  // overrides, so the app would look for localhost:5432.
  private static ConfigurableApplicationContext start(PostgresPair pair, String database, boolean withReplica,
      String keyPrefix) {
    List<String> args = new ArrayList<>(List.of(
        "--spring.datasource.url=" + pair.primaryUrl(database),
        "--spring.datasource.username=" + pair.user(),
        "--spring.datasource.password=" + pair.password(),
        "--spring.data.redis.url=" + TestRedis.url(),
        "--shopscale.security.jwt.jwks-uri=" + TestJwtIssuer.get().jwksUri(),
        "--shopscale.cache.key-prefix=" + keyPrefix,
        "--server.port=0",
        "--server.address=127.0.0.1",
        "--spring.main.banner-mode=off",
        "--logging.level.root=WARN"));
    if (withReplica) {
      args.add("--shopscale.datasource.replicas[0].url=" + pair.replicaUrl(database));
    }
    return new SpringApplicationBuilder(InventoryServiceApplication.class).run(args.toArray(String[]::new));
  }

  private List<UUID> seed(HttpClient http, int port) throws IOException, InterruptedException {
    Random names = new Random(6);
    List<UUID> ids = new ArrayList<>();
    for (int i = 1; i <= PRODUCTS; i++) {
      String name = capitalized(WORDS.get(names.nextInt(WORDS.size()))) + " "
          + capitalized(WORDS.get(names.nextInt(WORDS.size()))) + " " + i;
      String body = """
          {"sku":"RR-%05d","name":"%s","description":"d","price":{"amount":"9.99","currency":"USD"},\
          "availableQuantity":100}""".formatted(i, name);
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

  private static String capitalized(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  /** Warm-up, then the measured run between two readings of the servers' statistics and the app's counters. */
  private Mode measure(String mode, ConfigurableApplicationContext app, HttpClient http, PostgresPair pair,
      String database, List<UUID> ids) throws Exception {
    int port = port(app);
    MeterRegistry meters = app.getBean(MeterRegistry.class);
    drive(http, port, ids, Duration.ofSeconds(warmupSeconds));
    settle();
    DbWork primaryBefore = DbWork.read(pair.primaryUrl(database), pair);
    DbWork replicaBefore = DbWork.read(pair.replicaUrl(database), pair);
    Routing routingBefore = Routing.of(meters);
    Result result = drive(http, port, ids, Duration.ofSeconds(seconds));
    Routing routing = Routing.of(meters).minus(routingBefore);
    settle();
    DbWork primary = DbWork.read(pair.primaryUrl(database), pair).minus(primaryBefore);
    DbWork replica = DbWork.read(pair.replicaUrl(database), pair).minus(replicaBefore);
    return new Mode(mode, result, primary, replica, routing);
  }

  private void settle() {
    LockSupport.parkNanos(statsSettle.toNanos());
  }

  /** {@code threads} clients each send one request after the other, a random mix, for {@code duration}. */
  private Result drive(HttpClient http, int port, List<UUID> ids, Duration duration) throws Exception {
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
          return client(http, port, ids, deadline.get());
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

  private Result client(HttpClient http, int port, List<UUID> ids, long deadline) throws InterruptedException {
    Histogram reads = new Histogram(3);
    Histogram writes = new Histogram(3);
    SortedMap<String, Long> nonOk = new TreeMap<>();
    long serverErrors = 0;
    long transportErrors = 0;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (System.nanoTime() < deadline) {
      boolean write = random.nextInt(100) < WRITE_PERCENT;
      HttpRequest request = write
          ? stockWrite(port, ids.get(random.nextInt(ids.size())), random.nextInt(1_001))
          : listRead(port, random);
      long begin = System.nanoTime();
      try {
        int status = http.send(request, BodyHandlers.discarding()).statusCode();
        (write ? writes : reads).recordValue(System.nanoTime() - begin);
        if (status < 200 || status > 299) {
          nonOk.merge(request.method() + " " + status, 1L, Long::sum);
          if (status >= 500) {
            serverErrors++;
          }
        }
      }
      catch (IOException ex) {
        transportErrors++;
      }
    }
    return new Result(reads, writes, nonOk, serverErrors, transportErrors, 0);
  }

  /** An anonymous first page: a third each searches a 2-letter term, a 3-letter term, or nothing. */
  private static HttpRequest listRead(int port, ThreadLocalRandom random) {
    String uri = "http://127.0.0.1:" + port + "/api/products?limit=" + PAGE_SIZE;
    int kind = random.nextInt(3);
    if (kind < 2) {
      String word = WORDS.get(random.nextInt(WORDS.size()));
      int length = kind + 2;
      int from = random.nextInt(word.length() - length + 1);
      uri += "&q=" + URLEncoder.encode(word.substring(from, from + length), StandardCharsets.UTF_8);
    }
    return HttpRequest.newBuilder(URI.create(uri)).timeout(REQUEST_TIMEOUT).header("Accept", "application/json")
        .GET().build();
  }

  private HttpRequest stockWrite(int port, UUID id, int quantity) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/products/" + id + "/stock"))
        .timeout(REQUEST_TIMEOUT).header("Authorization", admin).header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"availableQuantity\":" + quantity + "}")).build();
  }

  private String report(Mode replica, Mode primaryOnly, Duration seeding) {
    StringBuilder out = new StringBuilder();
    out.append("=== ShopScale read routing benchmark ===\n");
    out.append(String.format(Locale.ROOT,
        "mixed load: %d %% anonymous GET /api/products?limit=%d (a third each: q of 2 letters, q of 3 letters, "
            + "no q), %d %% admin PUT /api/products/{id}/stock%n",
        100 - WRITE_PERCENT, PAGE_SIZE, WRITE_PERCENT));
    out.append(String.format(Locale.ROOT,
        "%d products (seeded through the API in %.1f s), HTTP/1.1 to 127.0.0.1, %d client threads, "
            + "%d s warm-up + %d s measured per mode, modes one after the other on one database%n",
        PRODUCTS, seeding.toMillis() / 1000.0, threads, warmupSeconds, seconds));
    out.append("replica: read-only transactions on a streaming replica; primary-only: no replica configured\n");
    int cores = Runtime.getRuntime().availableProcessors();
    out.append(String.format(Locale.ROOT, "JVM %s, %d processors%n", Runtime.version(), cores));
    out.append(String.format(Locale.ROOT,
        "NOTE: client, apps, primary and replica all share this machine's %d cores, so throughput on one machine "
            + "cannot gain from a second server;%n      the primary-load reduction is the meaningful figure.%n",
        cores));
    out.append(String.format(Locale.ROOT, "%-13s %9s %9s %9s %9s %9s %9s %9s %7s%n", "mode", "requests",
        "reads/s", "writes/s", "read p50", "read p99", "write p50", "write p99", "errors"));
    row(out, replica);
    row(out, primaryOnly);
    out.append("(latencies in ms)\n");
    out.append(String.format(Locale.ROOT, "database work during the measured run (pg_stat_database, after %d ms "
        + "for the statistics to be flushed):%n", statsSettle.toMillis()));
    out.append(String.format(Locale.ROOT, "%-13s %-8s %12s %14s %14s%n", "mode", "server", "transactions",
        "tup_returned", "tup_fetched"));
    work(out, replica);
    work(out, primaryOnly);
    out.append(String.format(Locale.ROOT, "read connections handed out by the router: %s; %s%n",
        replica.routing().describe(replica.mode()), primaryOnly.routing().describe(primaryOnly.mode())));
    out.append(String.format(Locale.ROOT, "replica/primary-only: read throughput x%.2f, read p99 x%.2f%n",
        replica.result().readsPerSecond() / primaryOnly.result().readsPerSecond(),
        replica.result().readP99Millis() / primaryOnly.result().readP99Millis()));
    out.append(String.format(Locale.ROOT, "primary tuples returned: replica mode is %s of primary-only mode%n",
        percent(replica.primary().tuplesReturned(), primaryOnly.primary().tuplesReturned())));
    out.append(String.format(Locale.ROOT, "primary transactions: replica mode is %s of primary-only mode%n",
        percent(replica.primary().transactions(), primaryOnly.primary().transactions())));
    out.append(String.format(Locale.ROOT, "non-2xx responses: replica %s, primary-only %s%n",
        replica.result().errorDetail(), primaryOnly.result().errorDetail()));
    out.append("=== end ===\n");
    return out.toString();
  }

  private static void row(StringBuilder out, Mode mode) {
    Result result = mode.result();
    out.append(String.format(Locale.ROOT, "%-13s %9d %9.1f %9.1f %9.3f %9.3f %9.3f %9.3f %7d%n", mode.mode(),
        result.requests(), result.readsPerSecond(), result.writesPerSecond(),
        millis(result.reads().getValueAtPercentile(50)), result.readP99Millis(),
        millis(result.writes().getValueAtPercentile(50)), millis(result.writes().getValueAtPercentile(99)),
        result.errors()));
  }

  private static void work(StringBuilder out, Mode mode) {
    work(out, mode.mode(), "primary", mode.primary());
    work(out, mode.mode(), "replica", mode.replica());
  }

  private static void work(StringBuilder out, String mode, String server, DbWork work) {
    out.append(String.format(Locale.ROOT, "%-13s %-8s %12d %14d %14d%n", mode, server, work.transactions(),
        work.tuplesReturned(), work.tuplesFetched()));
  }

  private static String percent(long part, long whole) {
    return whole == 0
        ? "n/a (nothing in primary-only mode)"
        : String.format(Locale.ROOT, "%.2f %%", 100.0 * part / whole);
  }

  private record Mode(String mode, Result result, DbWork primary, DbWork replica, Routing routing) {
  }

  /**
   * Latencies in nanoseconds of every read and write response, the non-2xx responses by method and status, and
   * requests without a response.
   */
  private record Result(Histogram reads, Histogram writes, SortedMap<String, Long> nonOk, long serverErrors,
      long transportErrors, long nanos) {

    static Result empty() {
      return new Result(new Histogram(3), new Histogram(3), new TreeMap<>(), 0, 0, 0);
    }

    Result plus(Result other) {
      Histogram mergedReads = reads.copy();
      mergedReads.add(other.reads);
      Histogram mergedWrites = writes.copy();
      mergedWrites.add(other.writes);
      SortedMap<String, Long> statuses = new TreeMap<>(nonOk);
      other.nonOk.forEach((status, count) -> statuses.merge(status, count, Long::sum));
      return new Result(mergedReads, mergedWrites, statuses, serverErrors + other.serverErrors,
          transportErrors + other.transportErrors, nanos);
    }

    Result took(long elapsed) {
      return new Result(reads, writes, nonOk, serverErrors, transportErrors, elapsed);
    }

    long requests() {
      return reads.getTotalCount() + writes.getTotalCount() + transportErrors;
    }

    double readsPerSecond() {
      return reads.getTotalCount() / (nanos / 1e9);
    }

    double writesPerSecond() {
      return writes.getTotalCount() / (nanos / 1e9);
    }

    double readP99Millis() {
      return millis(reads.getValueAtPercentile(99));
    }

    long errors() {
      return nonOk.values().stream().mapToLong(Long::longValue).sum() + transportErrors;
    }

    String errorDetail() {
      if (errors() == 0) {
        return "none";
      }
      return nonOk + (transportErrors > 0 ? " + " + transportErrors + " without response" : "");
    }
  }

  /** One server's counters of the benchmark database; its own reading is one transaction more, negligible. */
  private record DbWork(long transactions, long tuplesReturned, long tuplesFetched) {

    static DbWork read(String url, PostgresPair pair) throws SQLException {
      try (Connection connection = DriverManager.getConnection(url, pair.user(), pair.password());
          Statement statement = connection.createStatement();
          ResultSet row = statement.executeQuery("SELECT xact_commit, tup_returned, tup_fetched "
              + "FROM pg_stat_database WHERE datname = current_database()")) {
        row.next();
        return new DbWork(row.getLong(1), row.getLong(2), row.getLong(3));
      }
    }

    DbWork minus(DbWork earlier) {
      return new DbWork(transactions - earlier.transactions, tuplesReturned - earlier.tuplesReturned,
          tuplesFetched - earlier.tuplesFetched);
    }
  }

  /**
   * The router's counters: read-only connections from the replica, from the primary, and fallbacks to the primary
   * (any reason). Without replicas there is no router, so none of them exists.
   */
  private record Routing(boolean present, long replicaReads, long primaryReads, long fallbacks) {

    static Routing of(MeterRegistry meters) {
      Counter replica = meters.find("shopscale.datasource.reads").tag("pool", "replica-1").counter();
      Counter primary = meters.find("shopscale.datasource.reads").tag("pool", "primary").counter();
      long fallbacks = Math.round(meters.find("shopscale.datasource.replica.fallbacks").counters().stream()
          .mapToDouble(Counter::count).sum());
      return new Routing(replica != null, replica == null ? 0 : Math.round(replica.count()),
          primary == null ? 0 : Math.round(primary.count()), fallbacks);
    }

    Routing minus(Routing earlier) {
      return new Routing(present, replicaReads - earlier.replicaReads, primaryReads - earlier.primaryReads,
          fallbacks - earlier.fallbacks);
    }

    String describe(String mode) {
      return present
          ? String.format(Locale.ROOT, "%s mode %d from replica-1, %d from the primary (%d fallbacks)",
              mode, replicaReads, primaryReads, fallbacks)
          : mode + " mode none (no router without replicas: every query goes to the primary)";
    }
  }
}
