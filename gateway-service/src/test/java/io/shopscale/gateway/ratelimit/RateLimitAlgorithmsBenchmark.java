package io.shopscale.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopscale.embedded.RedisProcess;
import io.shopscale.gateway.ratelimit.RateLimitSettings.Algorithm;
import io.shopscale.gateway.ratelimit.RateLimitSettings.Tier;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The three rate-limiting algorithms against one Redis of their own (nothing else counts in its statistics), in one
 * run, as ratios to the token bucket:
 * <ul>
 * <li><b>accuracy at window edges</b>: a caller with a limit of 20 per 1 s window (token bucket: rate 20/s, burst 20)
 * stays quiet, then floods at 500 requests/s for 3 s, starting in the middle of a fixed window. Reported: the most
 * requests admitted in any span of one window, against the limit (1.0 = exact; the fixed window's edge burst and the
 * token bucket's saved-up burst both allow up to 2.0), and all admitted over the 3 s.</li>
 * <li><b>cost per decision</b>: {@code bench.decisions} decisions, spread over 50 callers of a 400-per-2 s tier (the
 * premium size, so a sliding-window log holds up to hundreds of members), in interleaved rounds so no algorithm gets
 * a warmer JVM: the time one decision adds to a request (p50, p99, from the call to the answer), the Redis round
 * trips per decision (the server's own command statistics: EVALSHA/EVAL calls), the commands the script runs inside
 * Redis per decision, and the memory one caller's state takes at a full budget ({@code MEMORY USAGE}).</li>
 * </ul>
 * Prints figures; fails only on errors. Runs only with {@code ./mvnw -B -pl gateway-service -am -Pbench verify}
 * (add {@code -Dit.test=RateLimitAlgorithmsBenchmark} for this one alone); report in
 * {@code target/bench/ratelimit-algorithms.txt}.
 */
class RateLimitAlgorithmsBenchmark {

  private static final Path REPORT = Path.of("target", "bench", "ratelimit-algorithms.txt");
  private static final Shape EDGE = new Shape(20, 20);
  private static final Shape COST = new Shape(200, 400);

  private final int decisions = Integer.getInteger("bench.decisions", 60_000);
  private final int rounds = 6;

  @Test
  void accuracyAtWindowEdgesAndCostPerDecision() throws Exception {
    RedisProcess redisServer = RedisProcess.start();
    RedisClient client = RedisClient.create(redisServer.url());
    LettuceConnectionFactory connections = new LettuceConnectionFactory(
        new RedisStandaloneConfiguration("127.0.0.1", redisServer.port()));
    connections.afterPropertiesSet();
    connections.start();
    try (StatefulRedisConnection<String, String> admin = client.connect()) {
      RedisCommands<String, String> stats = admin.sync();
      Map<Algorithm, Limiter> limiters = new EnumMap<>(Algorithm.class);
      for (Algorithm algorithm : Algorithm.values()) {
        limiters.put(algorithm, new Limiter(algorithm, new ReactiveStringRedisTemplate(connections)));
      }
      StringBuilder report = new StringBuilder();
      report.append(String.format(Locale.ROOT, "Rate-limiting algorithms, one run (%d cores, Redis %s)%n",
          Runtime.getRuntime().availableProcessors(), stats.info("server").lines()
              .filter(l -> l.startsWith("redis_version:")).findFirst().orElse("?").substring(14).strip()));

      Map<Algorithm, Edge> edges = new EnumMap<>(Algorithm.class);
      for (Algorithm algorithm : Algorithm.values()) {
        edges.put(algorithm, edge(limiters.get(algorithm), stats));
      }
      Map<Algorithm, Cost> costs = cost(limiters, stats);

      Edge tokenEdge = edges.get(Algorithm.TOKEN_BUCKET);
      Cost tokenCost = costs.get(Algorithm.TOKEN_BUCKET);
      report.append(String.format(Locale.ROOT,
          "%nAccuracy at window edges: limit %d per %d ms, flood of 500/s for 3 s from mid-window%n"
              + "%-15s %12s %12s %10s %12s%n",
          EDGE.burst(), EDGE.window().toMillis(), "algorithm", "worst span", "vs limit", "vs token", "admitted 3s"));
      for (Algorithm algorithm : Algorithm.values()) {
        Edge edge = edges.get(algorithm);
        report.append(String.format(Locale.ROOT, "%-15s %12d %11.2fx %9.2fx %12d%n", name(algorithm),
            edge.worstSpan(), (double) edge.worstSpan() / EDGE.burst(),
            (double) edge.worstSpan() / tokenEdge.worstSpan(), edge.admitted()));
      }
      report.append(String.format(Locale.ROOT,
          "%nCost per decision: %d decisions over 50 callers, limit %d per %d ms, %d interleaved rounds%n"
              + "%-15s %9s %9s %9s %9s %11s %13s %13s%n",
          decisions, COST.burst(), COST.window().toMillis(), rounds, "algorithm", "p50 us", "p99 us", "p50 x",
          "p99 x", "round trips", "cmds in Redis", "bytes/caller"));
      for (Algorithm algorithm : Algorithm.values()) {
        Cost cost = costs.get(algorithm);
        report.append(String.format(Locale.ROOT, "%-15s %9.1f %9.1f %8.2fx %8.2fx %11.2f %13.2f %7d (%.1fx)%n",
            name(algorithm), cost.p50Micros(), cost.p99Micros(), cost.p50Micros() / tokenCost.p50Micros(),
            cost.p99Micros() / tokenCost.p99Micros(), cost.roundTrips(), cost.commandsInRedis(),
            cost.bytesPerCaller(), (double) cost.bytesPerCaller() / tokenCost.bytesPerCaller()));
      }
      System.out.print(report);
      Files.createDirectories(REPORT.getParent());
      Files.writeString(REPORT, report, StandardCharsets.UTF_8);

      assertThat(edges.get(Algorithm.SLIDING_WINDOW).worstSpan()).isEqualTo(EDGE.burst());
      assertThat(costs.values()).allSatisfy(cost -> assertThat(cost.roundTrips()).isGreaterThan(0));
    }
    finally {
      connections.destroy();
      client.shutdown();
      redisServer.close();
    }
  }

  /** Quiet, then a flood from the middle of a fixed window: the most admitted in any one-window span. */
  private Edge edge(Limiter limiter, RedisCommands<String, String> redis) {
    long window = EDGE.window().toMillis();
    Tier tier = EDGE.tier(limiter.algorithm());
    String caller = "edge-" + limiter.algorithm();
    // start half a window into a window on Redis's clock, which the fixed window aligns on
    long redisNow = redisMillis(redis);
    long startAt = redisNow - redisNow % window + window + window / 2;
    long startNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(startAt - redisNow);
    long interval = TimeUnit.SECONDS.toNanos(1) / 500;
    List<Long> admitted = new ArrayList<>();
    for (int i = 0; i < 1_500; i++) {
      long due = startNanos + i * interval;
      LockSupport.parkNanos(due - System.nanoTime());
      var decision = limiter.limiter().take(caller, tier).block();
      assertThat(decision).as("Redis answers").isNotNull();
      if (decision.allowed()) {
        admitted.add(System.nanoTime());
      }
    }
    int worst = 0;
    int from = 0;
    long span = TimeUnit.MILLISECONDS.toNanos(window);
    for (int to = 0; to < admitted.size(); to++) {
      while (admitted.get(to) - admitted.get(from) >= span) {
        from++;
      }
      worst = Math.max(worst, to - from + 1);
    }
    return new Edge(worst, admitted.size());
  }

  private Map<Algorithm, Cost> cost(Map<Algorithm, Limiter> limiters, RedisCommands<String, String> redis) {
    Map<Algorithm, Histogram> latencies = new EnumMap<>(Algorithm.class);
    Map<Algorithm, long[]> counted = new EnumMap<>(Algorithm.class);
    for (Algorithm algorithm : Algorithm.values()) {
      latencies.put(algorithm, new Histogram(TimeUnit.SECONDS.toNanos(10), 3));
      counted.put(algorithm, new long[2]);
      // warm-up: the JIT and the script cache (the first call of a script is EVALSHA, NOSCRIPT, then EVAL)
      run(limiters.get(algorithm), decisions / rounds / 2, null);
    }
    int perRound = decisions / rounds;
    for (int round = 0; round < rounds; round++) {
      for (Algorithm algorithm : Algorithm.values()) {
        Map<String, Long> before = commandCalls(redis);
        run(limiters.get(algorithm), perRound, latencies.get(algorithm));
        Map<String, Long> after = commandCalls(redis);
        long scripts = delta(before, after, "evalsha") + delta(before, after, "eval");
        long all = after.keySet().stream().mapToLong(name -> delta(before, after, name)).sum();
        // INFO itself is one command, counted after it answers
        long inside = all - scripts - delta(before, after, "info");
        counted.get(algorithm)[0] += scripts;
        counted.get(algorithm)[1] += inside;
      }
    }
    Map<Algorithm, Cost> costs = new EnumMap<>(Algorithm.class);
    for (Algorithm algorithm : Algorithm.values()) {
      Histogram latency = latencies.get(algorithm);
      long measured = (long) perRound * rounds;
      costs.put(algorithm, new Cost(latency.getValueAtPercentile(50) / 1_000.0,
          latency.getValueAtPercentile(99) / 1_000.0, (double) counted.get(algorithm)[0] / measured,
          (double) counted.get(algorithm)[1] / measured, bytesAtFullBudget(limiters.get(algorithm), redis)));
    }
    return costs;
  }

  private void run(Limiter limiter, int count, @Nullable Histogram latency) {
    Tier tier = COST.tier(limiter.algorithm());
    for (int i = 0; i < count; i++) {
      long started = System.nanoTime();
      var decision = limiter.limiter().take("cost-" + (i % 50), tier).block();
      long took = System.nanoTime() - started;
      assertThat(decision).as("Redis answers").isNotNull();
      if (latency != null) {
        latency.recordValue(took);
      }
    }
  }

  /** The state one caller leaves after spending its whole budget within one window. */
  private long bytesAtFullBudget(Limiter limiter, RedisCommands<String, String> redis) {
    Tier tier = COST.tier(limiter.algorithm());
    String caller = "memory-" + limiter.algorithm();
    for (int i = 0; i < tier.burst(); i++) {
      limiter.limiter().take(caller, tier).block();
    }
    String key = "bench:" + switch (limiter.algorithm()) {
      case TOKEN_BUCKET -> "";
      case SLIDING_WINDOW -> "sw:";
      case FIXED_WINDOW -> "fw:";
    } + caller;
    Long bytes = redis.memoryUsage(key);
    assertThat(bytes).as("state under " + key).isNotNull();
    return bytes;
  }

  private static Map<String, Long> commandCalls(RedisCommands<String, String> redis) {
    Map<String, Long> calls = new HashMap<>();
    redis.info("commandstats").lines().filter(line -> line.startsWith("cmdstat_")).forEach(line -> {
      String name = line.substring(8, line.indexOf(':'));
      int at = line.indexOf("calls=") + 6;
      calls.put(name, Long.parseLong(line.substring(at, line.indexOf(',', at))));
    });
    return calls;
  }

  private static long delta(Map<String, Long> before, Map<String, Long> after, String command) {
    return after.getOrDefault(command, 0L) - before.getOrDefault(command, 0L);
  }

  private static long redisMillis(RedisCommands<String, String> redis) {
    List<String> time = redis.time();
    return Long.parseLong(time.get(0)) * 1_000 + Long.parseLong(time.get(1)) / 1_000;
  }

  private static String name(Algorithm algorithm) {
    return algorithm.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private record Limiter(Algorithm algorithm, RedisRateLimits limiter) {

    Limiter(Algorithm algorithm, ReactiveStringRedisTemplate redis) {
      this(algorithm, new RedisRateLimits(redis, settings(), new SimpleMeterRegistry()));
    }

    private static RateLimitSettings settings() {
      Tier any = EDGE.tier(Algorithm.TOKEN_BUCKET);
      // a generous timeout: a slow answer must be measured, not turned into "fail open"
      return new RateLimitSettings("bench", Duration.ofSeconds(5),
          Map.of("ANONYMOUS", any, "FREE", any, "ADMIN", any, "AUTH", any));
    }
  }

  /** A limit, the same for every algorithm. */
  private record Shape(double rate, int burst) {

    Tier tier(Algorithm algorithm) {
      return new Tier(rate, burst, algorithm);
    }

    Duration window() {
      return tier(Algorithm.FIXED_WINDOW).window();
    }
  }

  private record Edge(int worstSpan, int admitted) {
  }

  private record Cost(double p50Micros, double p99Micros, double roundTrips, double commandsInRedis,
      long bytesPerCaller) {
  }
}
