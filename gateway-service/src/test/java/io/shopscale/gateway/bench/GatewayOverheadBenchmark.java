package io.shopscale.gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.shopscale.gateway.GatewayServiceApplication;
import io.shopscale.testsupport.TestJwtIssuer;
import io.shopscale.testsupport.TestRedis;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * What the gateway adds to {@code GET /api/products/{id}}: the same request straight to a downstream, through a
 * gateway without the rate limiter, and through one with it (one Redis round trip per request). The downstream is a
 * Reactor Netty server answering a fixed product at once, standing in for a cache hit, so the difference is the
 * gateway's own cost. Two measurements per target: closed-loop throughput ({@code bench.threads} clients back to
 * back) and latency at a fixed open-loop rate ({@code bench.rate} req/s, measured from each request's scheduled send
 * time, so a stall is not hidden). Prints figures; fails only on errors.
 *
 * <p>Runs only with {@code ./mvnw -B -pl gateway-service -am -Pbench verify}; report in
 * {@code target/bench/gateway-overhead.txt}.
 */
class GatewayOverheadBenchmark {

  private static final String PRODUCT = """
      {"id":"0190a1b2-0000-7000-8000-000000000001","sku":"BENCH-1","name":"Bench","description":"d",\
      "price":{"amount":"9.99","currency":"USD"},"availableQuantity":100,"version":1,\
      "updatedAt":"2026-01-01T00:00:00Z"}""";
  private static final String PATH = "/api/products/0190a1b2-0000-7000-8000-000000000001";
  private static final Path REPORT = Path.of("target", "bench", "gateway-overhead.txt");

  private final int threads = Integer.getInteger("bench.threads", 8);
  private final int seconds = Integer.getInteger("bench.seconds", 10);
  // 5 s was too short: a JFR recording showed C2 still compiling the gateway's path on half a core during the
  // measurement, and whichever gateway was measured last came out faster although it did more work
  private final int warmupSeconds = Integer.getInteger("bench.warmup.seconds", 20);
  private final int rate = Integer.getInteger("bench.rate", 500);

  @Test
  void gatewayOverheadWithAndWithoutRateLimiter() throws Exception {
    DisposableServer downstream = HttpServer.create().host("127.0.0.1").port(0)
        .route(routes -> routes.get("/api/products/{id}", (request, response) -> response
            .header("Content-Type", "application/json").header("Cache-Control", "public, no-cache")
            .sendString(Mono.just(PRODUCT))))
        .bindNow();
    ConfigurableApplicationContext plain = null;
    ConfigurableApplicationContext limited = null;
    ExecutorService clientThreads = Executors.newCachedThreadPool();
    try {
      String base = "http://127.0.0.1:" + downstream.port();
      plain = start(base, false);
      limited = start(base, true);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads).build();
      List<Target> targets = List.of(new Target("direct", URI.create(base + PATH)),
          new Target("gateway", URI.create(gateway(plain) + PATH)),
          new Target("gateway+rl", URI.create(gateway(limited) + PATH)));
      for (Target target : targets) { // warm every path before measuring any
        closedLoop(http, target.uri(), warmupSeconds);
        openLoop(http, target.uri(), warmupSeconds);
      }
      List<Figures> figures = new ArrayList<>();
      for (Target target : targets) {
        figures.add(new Figures(target.name(), closedLoop(http, target.uri(), seconds),
            openLoop(http, target.uri(), seconds)));
      }
      String report = report(figures);
      System.out.print(report);
      Files.createDirectories(REPORT.getParent());
      Files.writeString(REPORT, report, StandardCharsets.UTF_8);
      assertThat(figures).allSatisfy(f -> {
        assertThat(f.throughput().errors()).as(f.name() + " errors, closed loop").isZero();
        assertThat(f.latency().errors()).as(f.name() + " errors, fixed rate").isZero();
      });
    }
    finally {
      close(limited);
      close(plain);
      downstream.disposeNow();
      clientThreads.shutdownNow();
    }
  }

  // Command-line arguments, not builder properties: those are defaults that application.yml would override.
  // One explicit route, so both gateways differ only in the TieredRateLimit filter.
  private static ConfigurableApplicationContext start(String downstream, boolean rateLimited) {
    String route = "--spring.cloud.gateway.server.webflux.routes[0].";
    List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
        "--spring.data.redis.url=" + TestRedis.url(),
        "--shopscale.security.jwt.jwks-uri=" + TestJwtIssuer.get().jwksUri(),
        "--shopscale.ratelimit.key-prefix=bench-" + UUID.randomUUID(),
        // never limited: measured is the cost of asking Redis, not of answering 429
        "--shopscale.ratelimit.tiers.anonymous.rate=1000000", "--shopscale.ratelimit.tiers.anonymous.burst=1000000",
        route + "id=products", route + "uri=" + downstream, route + "predicates[0]=Path=/api/products/**",
        "--spring.main.banner-mode=off", "--logging.level.root=WARN"));
    int filter = 0;
    if (rateLimited) {
      args.add(route + "filters[" + filter++ + "]=TieredRateLimit");
    }
    args.add(route + "filters[" + filter + "].name=CircuitBreaker");
    args.add(route + "filters[" + filter + "].args.name=products");
    args.add(route + "filters[" + filter++ + "].args.fallbackUri=forward:/fallback/products");
    args.add(route + "filters[" + filter + "]=Retry=2");
    return new SpringApplicationBuilder(GatewayServiceApplication.class).run(args.toArray(String[]::new));
  }

  private static String gateway(ConfigurableApplicationContext app) {
    return "http://127.0.0.1:" + app.getEnvironment().getRequiredProperty("local.server.port");
  }

  private static void close(ConfigurableApplicationContext app) {
    if (app != null) {
      app.close();
    }
  }

  private Result closedLoop(HttpClient http, URI uri, int forSeconds) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(threads);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(forSeconds);
      long started = System.nanoTime();
      List<Future<Result>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(clients.submit(() -> {
          Histogram latency = new Histogram(3);
          long errors = 0;
          HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
          while (System.nanoTime() < deadline) {
            long begin = System.nanoTime();
            try {
              int status = http.send(request, BodyHandlers.discarding()).statusCode();
              latency.recordValue(System.nanoTime() - begin);
              errors += status == 200 ? 0 : 1;
            }
            catch (IOException ex) {
              errors++;
            }
          }
          return new Result(latency, errors, 0);
        }));
      }
      Result total = new Result(new Histogram(3), 0, 0);
      for (Future<Result> result : results) {
        total = total.plus(result.get(forSeconds + 60L, TimeUnit.SECONDS));
      }
      return new Result(total.latency(), total.errors(), System.nanoTime() - started);
    }
    finally {
      clients.shutdownNow();
    }
  }

  private Result openLoop(HttpClient http, URI uri, int forSeconds) throws Exception {
    Recorder latency = new Recorder(3);
    AtomicLong errors = new AtomicLong();
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
    long interval = TimeUnit.SECONDS.toNanos(1) / rate;
    long started = System.nanoTime();
    int total = rate * forSeconds;
    List<CompletableFuture<Void>> inFlight = new ArrayList<>(total);
    for (int i = 0; i < total; i++) {
      long scheduled = started + i * interval;
      long wait = scheduled - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      inFlight.add(http.sendAsync(request, BodyHandlers.discarding()).handle((response, failure) -> {
        latency.recordValue(System.nanoTime() - scheduled);
        if (failure != null || response.statusCode() != 200) {
          errors.incrementAndGet();
        }
        return null;
      }));
    }
    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    return new Result(latency.getIntervalHistogram(), errors.get(), System.nanoTime() - started);
  }

  private String report(List<Figures> figures) {
    StringBuilder out = new StringBuilder("=== ShopScale gateway overhead benchmark ===\n");
    out.append(String.format(Locale.ROOT, "GET %s, downstream answers a fixed product at once (a cache hit); "
        + "%d s per measurement after %d s warm-up%n", PATH, seconds, warmupSeconds));
    out.append(String.format(Locale.ROOT, "JVM %s, %d processors, clients, gateways, downstream in one JVM, Redis %s%n",
        Runtime.version(), Runtime.getRuntime().availableProcessors(), TestRedis.url()));
    out.append(String.format(Locale.ROOT, "%-11s %12s %12s %12s %12s %12s%n", "target",
        "rps(" + threads + " thr)", "p50@" + rate + " ms", "p99@" + rate + " ms", "max ms", "errors"));
    for (Figures f : figures) {
      out.append(String.format(Locale.ROOT, "%-11s %12.1f %12.3f %12.3f %12.3f %12d%n", f.name(),
          f.throughput().rps(), f.latency().millisAt(50), f.latency().millisAt(99),
          f.latency().latency().getMaxValue() / 1e6, f.throughput().errors() + f.latency().errors()));
    }
    Figures direct = figures.get(0);
    for (Figures f : figures.subList(1, figures.size())) {
      out.append(String.format(Locale.ROOT, "%s vs direct: throughput x%.2f, added p50 %.3f ms, added p99 %.3f ms%n",
          f.name(), f.throughput().rps() / direct.throughput().rps(),
          f.latency().millisAt(50) - direct.latency().millisAt(50),
          f.latency().millisAt(99) - direct.latency().millisAt(99)));
    }
    Figures plain = figures.get(1);
    Figures limited = figures.get(2);
    out.append(
        String.format(Locale.ROOT, "rate limiter alone: throughput x%.2f, added p50 %.3f ms, added p99 %.3f ms%n",
            limited.throughput().rps() / plain.throughput().rps(),
            limited.latency().millisAt(50) - plain.latency().millisAt(50),
            limited.latency().millisAt(99) - plain.latency().millisAt(99)));
    return out.append("=== end ===\n").toString();
  }

  private record Target(String name, URI uri) {
  }

  private record Figures(String name, Result throughput, Result latency) {
  }

  private record Result(Histogram latency, long errors, long nanos) {

    Result plus(Result other) {
      Histogram merged = latency.copy();
      merged.add(other.latency);
      return new Result(merged, errors + other.errors, nanos);
    }

    double rps() {
      return (latency.getTotalCount() + errors) / (nanos / 1e9);
    }

    double millisAt(double percentile) {
      return latency.getValueAtPercentile(percentile) / 1e6;
    }
  }
}
