package io.shopscale.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** One service running as its own JVM, memory-capped, its output in {@code <logs>/<service>.log}. */
final class ServiceProcess {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  // Small heaps: the whole stack has to fit a laptop. A small initial heap grows on demand instead of starting at the
  // cap (1/64 of the machine's memory, up to -Xmx). (Compact object headers, Java 25's JEP 519, were measured here: no
  // lower PSS with heaps this small.) The native heap is given back to the OS every 5 s: glibc keeps what start-up
  // freed (class parsing, Spring's context). 33-66 MiB less over the stack, no slower start (docs/benchmarks.md,
  // session 13).
  private static final List<String> JVM_OPTIONS = List.of("-Xms32m", "-Xmx256m", "-XX:TrimNativeHeapInterval=5000");
  // SerialGC: the least memory and no GC threads of its own for a mostly idle JVM...
  private static final String SERIAL_GC = "-XX:+UseSerialGC";
  // ...but each Argon2id check allocates its m (19 MiB when this was measured, 7 MiB now) for the whole check:
  // SerialGC's fixed 8 MiB survivor spaces could not hold the checks in flight, so their memory was promoted and filled
  // the old generation (100 full collections in a minute of logins). ParallelGC sizes its survivors to what survives:
  // at 20 logins/s p99 282 -> 178 ms, capacity 25 -> 29 logins/s, the same memory after start (docs/benchmarks.md,
  // "Password hashing").
  private static final Map<String, String> GC = Map.of("user-service", "-XX:+UseParallelGC");
  // C1 only starts fast and idles cheaply, and peak throughput is not the point (issue #13's budget)...
  private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";
  // ...except where one computation is the ceiling: Argon2id (pure Java, Bouncy Castle) bounds logins, and C2 runs it
  // 1.7-1.9x as fast (docs/benchmarks.md, "Password hashing").
  private static final Set<String> FULL_TIERED = Set.of("user-service");

  final Service service;
  final Path log;
  private final Process process;
  private final long started = System.nanoTime();

  private ServiceProcess(Service service, Path log, Process process) {
    this.service = service;
    this.log = log;
    this.process = process;
  }

  /** Starts the service from its extracted jar, with its AOT cache when {@code withCache} and one is recorded. */
  static ServiceProcess start(Service service, Path root, Path logs, Map<String, String> environment, ServiceJar jar,
      boolean withCache) {
    return start(service, root, logs.resolve(service.name() + ".log"), environment, jar.arguments(withCache));
  }

  /** A training start that records the service's AOT cache, written when it is stopped. */
  static ServiceProcess train(Service service, Path root, Path logs, Map<String, String> environment, ServiceJar jar) {
    return start(service, root, logs.resolve(service.name() + ".aot-training.log"), environment,
        jar.trainingArguments());
  }

  private static ServiceProcess start(Service service, Path root, Path log, Map<String, String> environment,
      List<String> launch) {
    var command = new java.util.ArrayList<String>();
    command.add(java());
    command.addAll(JVM_OPTIONS);
    command.add(GC.getOrDefault(service.name(), SERIAL_GC));
    // the training start gets the same flags, so the AOT cache it records fits the real start
    if (!FULL_TIERED.contains(service.name())) {
      command.add(C1_ONLY);
    }
    // after the defaults, so a user's heap size or a profiler (e.g. JFR for a benchmark) wins: every service's, then
    // this one's (e.g. USER_JAVA_OPTS)
    for (String variable : List.of("SHOPSCALE_JAVA_OPTS", service.prefix() + "_JAVA_OPTS")) {
      String extra = Env.get(variable);
      if (extra != null && !extra.isBlank()) {
        command.addAll(List.of(extra.trim().split("\\s+")));
      }
    }
    command.addAll(launch);
    var builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    try {
      return new ServiceProcess(service, log, builder.start());
    }
    catch (IOException ex) {
      throw new UncheckedIOException("Could not start " + service.name(), ex);
    }
  }

  /** The launcher's own java: the script chose a JDK 25, and the services run on the same one. */
  static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /** {@code <module>/target/<module>-<version>.jar}, whatever the version: the script has just built it. */
  static Path jar(Path root, String module) {
    Path target = root.resolve(module).resolve("target");
    try (Stream<Path> files = Files.list(target)) {
      return files.filter(file -> file.getFileName().toString().matches(module + "-\\d.*\\.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("No " + module + " jar in " + target + ": run ./mvnw install"));
    }
    catch (IOException ex) {
      throw new IllegalStateException("No " + target + ": build " + module + " first (./mvnw -DskipTests install)", ex);
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the process to end by itself; its exit code, or -1 when it did not end in time. */
  int awaitExit(Duration limit) throws InterruptedException {
    return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  long startedNanos() {
    return started;
  }

  String healthUrl() {
    return service.url() + "/actuator/health/readiness";
  }

  /** Ready means the readiness probe an orchestrator would use answers 200. */
  boolean isReady() {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(healthUrl())).timeout(Duration.ofSeconds(2)).build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }
    catch (IOException ex) {
      return false;
    }
    catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The last lines of its log: what a user needs to see when it did not come up. */
  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
    }
    catch (IOException | UncheckedIOException ex) {
      return "(no log at " + log + ")";
    }
  }

  /** SIGKILL at once, as a crash or the kernel's OOM killer would end it: no graceful shutdown. */
  void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    }
    catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM first so Spring shuts down gracefully (in-flight requests, outbox, pools); SIGKILL if it hangs. */
  void requestStop() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
  }

  void awaitStop(Duration grace) {
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    catch (InterruptedException ex) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
