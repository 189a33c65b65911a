package io.shopscale.user.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * What one Argon2id check of a password costs on this machine, in forked JVMs: the production encoder
 * ({@link PasswordHashing}) under C1 only ({@code -XX:TieredStopAtLevel=1}, as local-stack and compose ran every
 * service) and under full tiered compilation (C2), then OWASP's equally strong alternatives to its m = 7 MiB, t = 5
 * (m = 19 MiB, t = 2, the setting before; 46 MiB, t = 1; 12 MiB, t = 3; 9 MiB, t = 4) under C2. Each at 1 and 2 concurrent checks:
 * checks per second and per-check p50/p99, and the throughput as a ratio to C1/production at the same concurrency.
 * Prints figures and asserts nothing about speed.
 *
 * <p>Runs only with {@code ./mvnw -B -pl user-service -am -Pbench verify}; {@code -Dbench.seconds} and
 * {@code -Dbench.warmup.seconds} change the run. The report also goes to {@code target/bench/password-hashing.txt}.
 */
class PasswordHashingBenchmark {

  // user-service's heap and collector in local-stack, so only the JIT level differs between the two children
  private static final List<String> HEAP = List.of("-Xms32m", "-Xmx256m", "-XX:+UseParallelGC");
  private static final Path REPORT = Path.of("target", "bench", "password-hashing.txt");

  private final int seconds = Integer.getInteger("bench.seconds", 5);
  private final int warmupSeconds = Integer.getInteger("bench.warmup.seconds", 2);

  @Test
  void passwordChecks() throws Exception {
    List<Result> results = new ArrayList<>();
    results.addAll(probe("C1", List.of("-XX:TieredStopAtLevel=1"), List.of("production:7168:5")));
    results.addAll(probe("C2", List.of(), List.of("production:7168:5", "m19MiB-t2:19456:2", "m46MiB-t1:47104:1",
        "m12MiB-t3:12288:3", "m9MiB-t4:9216:4")));

    var report = new StringBuilder(String.format(Locale.ROOT,
        "Argon2id password checks (p = 1, 16-byte salt, 32-byte hash), %d s measured after %d s warm-up, "
            + "%d cores, heap %s%n",
        seconds, warmupSeconds, Runtime.getRuntime().availableProcessors(), HEAP));
    report.append(String.format(Locale.ROOT, "%-4s %-12s %7s %7s %9s %9s %9s %13s%n", "JIT", "parameters", "threads",
        "checks", "checks/s", "p50 ms", "p99 ms", "x C1/prod"));
    for (Result result : results) {
      Result baseline = results.stream()
          .filter(r -> r.jit().equals("C1") && r.name().equals("production") && r.threads() == result.threads())
          .findFirst()
          .orElseThrow();
      report.append(String.format(Locale.ROOT, "%-4s %-12s %7d %7d %9.2f %9.1f %9.1f %13.2f%n", result.jit(),
          result.name(), result.threads(), result.checks(), result.perSecond(), result.p50Millis(),
          result.p99Millis(), result.perSecond() / baseline.perSecond()));
    }
    System.out.print(report);
    Files.createDirectories(REPORT.getParent());
    Files.writeString(REPORT, report);
    assertThat(results).allSatisfy(result -> assertThat(result.checks()).isPositive());
  }

  private List<Result> probe(String jit, List<String> jitFlags, List<String> configurations) throws Exception {
    var command = new ArrayList<String>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(HEAP);
    command.addAll(jitFlags);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), PasswordHashingProbe.class.getName(),
        String.valueOf(warmupSeconds), String.valueOf(seconds)));
    command.addAll(configurations);
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<Result> results = new ArrayList<>();
    try (var lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        System.out.println(jit + "> " + line);
        if (line.startsWith("RESULT ")) {
          results.add(Result.parse(jit, line));
        }
      }
    }
    assertThat(child.waitFor(10, TimeUnit.MINUTES)).isTrue();
    assertThat(child.exitValue()).as("the %s probe's exit code", jit).isZero();
    return results;
  }

  private record Result(String jit, String name, int threads, int checks, long nanos, long p50, long p99) {

    static Result parse(String jit, String line) {
      String[] f = line.split(" ");
      return new Result(jit, f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Long.parseLong(f[4]),
          Long.parseLong(f[5]), Long.parseLong(f[6]));
    }

    double perSecond() {
      return checks * 1e9 / nanos;
    }

    double p50Millis() {
      return p50 / 1e6;
    }

    double p99Millis() {
      return p99 / 1e6;
    }
  }
}
