package io.shopscale.user.account;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * The child JVM of {@link PasswordHashingBenchmark}: a process of its own, so the JIT flags it was started with
 * ({@code -XX:TieredStopAtLevel=1} or not) are the ones the hashes run under. It checks the right password against a
 * stored hash (the login path) with 1 and then 2 threads and prints one {@code RESULT} line per measurement.
 *
 * <p>Arguments: warm-up seconds, measured seconds, then configurations as {@code name:memoryKiB:iterations}; the
 * name {@code production} uses {@link PasswordHashing} itself (its own parameters, its bulkhead).
 */
final class PasswordHashingProbe {

  private static final String PASSWORD = "correct horse battery staple";

  private PasswordHashingProbe() {
  }

  public static void main(String[] args) throws Exception {
    Duration warmup = Duration.ofSeconds(Long.parseLong(args[0]));
    Duration measured = Duration.ofSeconds(Long.parseLong(args[1]));
    for (String configuration : Arrays.copyOfRange(args, 2, args.length)) {
      String[] parts = configuration.split(":");
      Predicate<String> check = checker(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
      for (int threads = 1; threads <= 2; threads++) {
        run(check, threads, warmup);
        long[] latencies = run(check, threads, measured);
        Arrays.sort(latencies);
        System.out.printf("RESULT %s %d %d %d %d %d%n", parts[0], threads, latencies.length, measured.toNanos(),
            percentile(latencies, 0.50), percentile(latencies, 0.99));
      }
    }
  }

  /** Whether the right password matches its stored hash, as a login checks it. */
  private static Predicate<String> checker(String name, int memoryKib, int iterations) {
    if (name.equals("production")) {
      // two slots, as many as there are threads here: the bulkhead is part of the path but never waits
      var production = new PasswordHashing(new PasswordHashingSettings(2, Duration.ofMinutes(1)));
      String hash = production.hash(PASSWORD);
      return password -> production.matches(password, hash);
    }
    var encoder = new Argon2PasswordEncoder(16, 32, 1, memoryKib, iterations);
    String hash = encoder.encode(PASSWORD);
    return password -> encoder.matches(password, hash);
  }

  /** Each thread checks the password in a loop until the time is up; every check's nanoseconds. */
  private static long[] run(Predicate<String> check, int threads, Duration duration) throws Exception {
    long end = System.nanoTime() + duration.toNanos();
    List<Callable<List<Long>>> workers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      workers.add(() -> {
        List<Long> latencies = new ArrayList<>();
        while (System.nanoTime() < end) {
          long start = System.nanoTime();
          if (!check.test(PASSWORD)) {
            throw new IllegalStateException("the right password was rejected");
          }
          latencies.add(System.nanoTime() - start);
        }
        return latencies;
      });
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> result : pool.invokeAll(workers)) {
        all.addAll(result.get());
      }
      return all.stream().mapToLong(Long::longValue).toArray();
    }
    finally {
      pool.shutdown();
    }
  }

  private static long percentile(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1))];
  }
}
