package io.shopscale.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import io.shopscale.embedded.KafkaProcess;
import io.shopscale.embedded.PostgresPair;
import io.shopscale.embedded.RedisProcess;
import org.jspecify.annotations.Nullable;

/**
 * The whole system, once per test JVM. The infrastructure runs here (a PostgreSQL primary with a streaming replica,
 * Redis, and a Kafka broker the tests may stop and start again); the services run as their own JVMs, started by the
 * developer's launcher ({@code ./shopscale up --detach}) pointed at that infrastructure, on free ports and with its
 * own state directory, so a stack a developer already runs on 8080-8084 is left alone.
 *
 * <p>No orphans: {@link #close()} runs {@code ./shopscale down}, then stops whatever it recorded that is still alive
 * (by process handle, so a recycled pid is never hit), then the infrastructure; a JVM shutdown hook does the same when
 * the JVM ends another way (Ctrl-C, a fork timeout), and the launcher stops itself when this JVM dies without hooks
 * ({@code SHOPSCALE_STOP_WITH_PID}).
 */
final class RunningSystem implements AutoCloseable {

  /** Every module whose jar the launcher runs, the launcher's own first. */
  private static final List<String> JARS = List.of("local-stack", "user-service", "inventory-service",
      "order-service", "payment-service", "storefront", "gateway-service");
  /** Libraries of common/ that every service jar embeds; an old copy in a jar means the jar is stale. */
  private static final List<String> SHARED_LIBRARIES = List.of("platform", "events");
  private static final List<String> PORT_VARIABLES = List.of("USER_PORT", "INVENTORY_PORT", "ORDER_PORT",
      "PAYMENT_PORT", "STOREFRONT_PORT", "GATEWAY_PORT");
  private static final Duration UP_TIMEOUT = Duration.ofMinutes(4);
  private static final Duration DOWN_TIMEOUT = Duration.ofSeconds(60);

  private final Path root;
  private final Path home;
  private final Thread shutdownHook = new Thread(this::close, "stop-system-under-test");
  private final Set<ProcessHandle> stackProcesses = new LinkedHashSet<>();
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private @Nullable RedisProcess redis;
  private @Nullable PostgresPair postgres;
  private @Nullable KafkaProcess kafka;
  private boolean launched;
  private boolean closed;

  private RunningSystem(Path root, Path home) {
    this.root = root;
    this.home = home;
  }

  /** Starts everything and returns once the gateway and every service are ready; on failure nothing is left running. */
  static RunningSystem start() {
    Path root = Path.of(System.getProperty("shopscale.root", "..")).toAbsolutePath().normalize();
    Path home = Path.of(System.getProperty("shopscale.stack.home", "target/shopscale-stack")).toAbsolutePath()
        .normalize();
    RunningSystem system = new RunningSystem(root, home);
    Runtime.getRuntime().addShutdownHook(system.shutdownHook);
    try {
      system.requireJars();
      long started = System.nanoTime();
      system.startInfrastructure();
      long infrastructure = System.nanoTime();
      system.launch();
      System.out.printf(Locale.ROOT, "System under test ready: infrastructure %.1f s, services %.1f s; gateway %s%n",
          (infrastructure - started) / 1e9, (System.nanoTime() - infrastructure) / 1e9, system.gateway());
      return system;
    }
    catch (RuntimeException | Error ex) {
      system.close();
      throw ex;
    }
  }

  URI gateway() {
    return URI.create("http://localhost:" + ports.get("GATEWAY_PORT"));
  }

  /** A JDBC URL of one service's database on the primary (user {@link #databaseUser()}). */
  String databaseUrl(String database) {
    return requireStarted(postgres).primaryUrl(database);
  }

  String databaseUser() {
    return requireStarted(postgres).user();
  }

  String databasePassword() {
    return requireStarted(postgres).password();
  }

  String kafkaBootstrapServers() {
    return requireStarted(kafka).bootstrapServers();
  }

  /** Stops the broker (its data survives): every service loses Kafka at once. */
  void stopKafka() {
    requireStarted(kafka).stop();
  }

  /** Starts the stopped broker again on the same address with the same data. */
  void startKafka() {
    requireStarted(kafka).startAgain();
  }

  /**
   * Stops Redis (its data survives): every service loses its cache and the gateway its rate limiter. This JVM owns
   * the server, so the test breaks it here: the launcher's {@code chaos redis down} answers "not ours" for a server it
   * did not start.
   */
  void stopRedis() {
    requireStarted(redis).stop();
  }

  /** Starts the stopped Redis again on the same address with the same data. */
  void startRedis() {
    requireStarted(redis).startAgain();
  }

  Path logs() {
    return home.resolve("logs");
  }

  /**
   * {@code ./shopscale chaos <arguments>} against this stack, as a developer runs it; returns what it printed. A
   * service it starts again gets a new pid, so the stack's processes are read again for {@link #close()}.
   */
  String chaos(String... arguments) {
    List<String> command = new ArrayList<>(List.of("chaos"));
    command.addAll(List.of(arguments));
    try {
      Process process = script(command.toArray(String[]::new)).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("./shopscale " + String.join(" ", command) + " failed:\n" + output);
      }
      recordStackProcesses();
      return output;
    }
    catch (IOException ex) {
      throw new UncheckedIOException("Could not run ./shopscale chaos", ex);
    }
    catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while ./shopscale chaos ran", ex);
    }
  }

  private void requireJars() {
    List<String> stale = new ArrayList<>();
    for (String module : JARS) {
      Path jar = jar(root.resolve(module).resolve("target"), module);
      if (jar == null) {
        throw new IllegalStateException("No " + module + " jar in " + root.resolve(module).resolve("target") + ": the "
            + "system tests run the packaged services; build them first (./mvnw -B -DskipTests install, or run "
            + "./mvnw -B verify from the root)");
      }
      for (String library : SHARED_LIBRARIES) {
        Path built = jar(root.resolve("common").resolve(library).resolve("target"), library);
        if (built != null && !embeds(jar, built)) {
          stale.add(module + " (its " + built.getFileName() + " is not the one in common/" + library + "/target)");
        }
      }
    }
    if (!stale.isEmpty()) {
      // Maven keeps a jar whose own classes did not change, so a Boot jar can keep an old copy of common/: testing
      // it would test code that is no longer there
      throw new IllegalStateException("Stale service jars: " + String.join(", ", stale) + ". Rebuild them: ./mvnw -B "
          + "clean verify, or ./mvnw -B -DskipTests -Dmaven.jar.forceCreation=true install");
    }
  }

  /** {@code <dir>/<module>-<version>.jar}, or null. */
  private static @Nullable Path jar(Path dir, String module) {
    try (var files = Files.list(dir)) {
      return files.filter(file -> file.getFileName().toString().matches(module + "-\\d[^-]*(-SNAPSHOT)?\\.jar"))
          .findFirst().orElse(null);
    }
    catch (IOException ex) {
      return null;
    }
  }

  /** Whether the Boot jar holds exactly this library jar in BOOT-INF/lib (true when it holds none of that name). */
  private static boolean embeds(Path bootJar, Path library) {
    try (ZipFile zip = new ZipFile(bootJar.toFile())) {
      ZipEntry entry = zip.getEntry("BOOT-INF/lib/" + library.getFileName());
      if (entry == null) {
        return true;
      }
      CRC32 crc = new CRC32();
      crc.update(Files.readAllBytes(library));
      return entry.getSize() == Files.size(library) && entry.getCrc() == crc.getValue();
    }
    catch (IOException ex) {
      throw new UncheckedIOException("Could not read " + bootJar, ex);
    }
  }

  /**
   * Redis first and alone (embedded-redis writes its binary out on start; a concurrent fork elsewhere can make that
   * fail with "text file busy"), then PostgreSQL and Kafka in parallel.
   */
  private void startInfrastructure() {
    redis = RedisProcess.start();
    CompletableFuture<PostgresPair> pair = CompletableFuture.supplyAsync(() -> PostgresPair.startEmbedded(0, 0));
    CompletableFuture<KafkaProcess> broker = CompletableFuture.supplyAsync(KafkaProcess::start);
    try {
      CompletableFuture.allOf(pair, broker).exceptionally(failure -> null).join();
    }
    finally {
      // keep whatever did start, so close() stops it even when the other one failed
      postgres = pair.isCompletedExceptionally() ? null : pair.getNow(null);
      kafka = broker.isCompletedExceptionally() ? null : broker.getNow(null);
    }
    try {
      pair.join();
      broker.join();
    }
    catch (CompletionException ex) {
      throw ex.getCause() instanceof RuntimeException cause ? cause : ex;
    }
  }

  /** {@code ./shopscale up --detach} with this JVM's servers, free ports and a state directory under target/. */
  private void launch() {
    List<Integer> free = freePorts(PORT_VARIABLES.size());
    for (int i = 0; i < PORT_VARIABLES.size(); i++) {
      ports.put(PORT_VARIABLES.get(i), free.get(i));
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SHOPSCALE_HOME", home.toString());
    env.put("SHOPSCALE_SKIP_BUILD", "1"); // the reactor has just packaged every jar; never a nested Maven build
    // A system under test starts once per build: recording the start-up caches (a training run per service, minutes
    // on two cores) would cost more than the one start it speeds up.
    env.put("SHOPSCALE_AOT", "off");
    env.put("SHOPSCALE_STOP_WITH_PID", String.valueOf(ProcessHandle.current().pid()));
    env.put("SHOPSCALE_READY_TIMEOUT", String.valueOf(UP_TIMEOUT.minusSeconds(30).toSeconds()));
    env.put("SHOPSCALE_POSTGRES_URL", requireStarted(postgres).primaryUrl("postgres"));
    if (!"false".equals(System.getProperty("systemtests.replica"))) {
      // as in production and ./shopscale up: reads of read-only transactions go to the streaming replica
      env.put("SHOPSCALE_POSTGRES_REPLICA_URL", requireStarted(postgres).replicaUrl("postgres"));
    }
    env.put("SHOPSCALE_POSTGRES_USER", requireStarted(postgres).user());
    env.put("SHOPSCALE_POSTGRES_PASSWORD", requireStarted(postgres).password());
    env.put("SHOPSCALE_REDIS_URL", requireStarted(redis).url());
    env.put("SHOPSCALE_KAFKA_BOOTSTRAP", requireStarted(kafka).bootstrapServers());
    // the launcher's control endpoint on any free port too: its fixed default (18090) would clash with a stack the
    // developer runs, or with another checkout's system tests
    env.put("SHOPSCALE_CONTROL_PORT", "0");
    env.put("JAVA_HOME", System.getProperty("java.home")); // the services run on this JVM's JDK
    ports.forEach((variable, port) -> env.put(variable, String.valueOf(port)));

    Path output = home.resolve("shopscale-up.txt");
    try {
      Files.createDirectories(home);
      ProcessBuilder up = script("up", "--detach").redirectOutput(output.toFile());
      up.environment().remove("SHOPSCALE_SERVICES"); // every service, whatever the developer's shell says
      up.environment().putAll(env);
      launched = true; // from here on close() runs down, whatever happens
      Process process = up.start();
      if (!process.waitFor(UP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("./shopscale up did not finish within " + UP_TIMEOUT + "; see " + output
            + " and " + logs());
      }
      recordStackProcesses();
      if (process.exitValue() != 0) {
        throw new IllegalStateException("./shopscale up failed (exit " + process.exitValue() + "):\n"
            + Files.readString(output, StandardCharsets.UTF_8) + "\nLogs: " + logs());
      }
    }
    catch (IOException ex) {
      throw new UncheckedIOException("Could not run ./shopscale up", ex);
    }
    catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while the stack was starting", ex);
    }
  }

  /** Distinct free loopback ports, held open together so none is handed out twice. */
  private static List<Integer> freePorts(int count) {
    List<Integer> found = new ArrayList<>();
    List<ServerSocket> held = new ArrayList<>();
    try {
      while (found.size() < count) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        socket.setReuseAddress(true);
        held.add(socket);
        found.add(socket.getLocalPort());
      }
      return found;
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    finally {
      for (ServerSocket socket : held) {
        try {
          socket.close();
        }
        catch (IOException ignored) {
          // a probe socket: nothing to lose
        }
      }
    }
  }

  private ProcessBuilder script(String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(root.resolve("shopscale").toString());
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
    builder.environment().put("SHOPSCALE_HOME", home.toString());
    return builder;
  }

  /**
   * Every process of the system by component, for CPU accounting: each service JVM and the launcher (local-stack, from
   * the launcher's components file), the PostgreSQL primary and replica with their backends, Redis, and this JVM,
   * which runs the Kafka broker and the load generator.
   */
  Map<String, List<ProcessHandle>> processesByComponent() {
    Map<String, List<ProcessHandle>> components = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(home.resolve("components"), StandardCharsets.UTF_8)) {
        String[] fields = line.split("\t");
        if (fields.length > 1 && fields[1].matches("\\d+")) {
          ProcessHandle.of(Long.parseLong(fields[1])).ifPresent(process -> components.put(fields[0], List.of(process)));
        }
      }
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    components.put("postgresql", requireStarted(postgres).serverProcesses());
    components.put("redis", ProcessHandle.current().children()
        .filter(child -> child.info().command().orElse("").contains("redis")).toList());
    components.put("kafka broker + load generator (test JVM)", List.of(ProcessHandle.current()));
    return components;
  }

  /** The launcher and every service JVM, from the launcher's state files, as handles that survive pid reuse. */
  private void recordStackProcesses() throws IOException {
    Path pidFile = home.resolve("local-stack.pid");
    if (Files.exists(pidFile)) {
      ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(stackProcesses::add);
    }
    Path components = home.resolve("components");
    if (Files.exists(components)) {
      for (String line : Files.readAllLines(components, StandardCharsets.UTF_8)) {
        String[] fields = line.split("\t");
        if (fields.length > 1 && fields[1].matches("\\d+")) {
          ProcessHandle.of(Long.parseLong(fields[1])).ifPresent(stackProcesses::add);
        }
      }
    }
  }

  private static <T> T requireStarted(@Nullable T server) {
    if (server == null) {
      throw new IllegalStateException("The system under test is not running");
    }
    return server;
  }

  /** Services first (they drain against live servers), then the broker, PostgreSQL and Redis. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      if (launched) {
        down();
      }
    }
    finally {
      closeQuietly(kafka);
      closeQuietly(postgres);
      closeQuietly(redis);
      if (Thread.currentThread() != shutdownHook) {
        try {
          Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
        catch (IllegalStateException ignored) {
          // the JVM is already shutting down
        }
      }
    }
  }

  private void down() {
    Path output = home.resolve("shopscale-down.txt");
    try {
      if (stackProcesses.isEmpty()) {
        recordStackProcesses(); // up failed or timed out before they were recorded
      }
      Process process = script("down").redirectOutput(output.toFile()).start();
      if (!process.waitFor(DOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
      }
    }
    catch (IOException ex) {
      System.err.println("./shopscale down failed: " + ex);
    }
    catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
    finally {
      for (ProcessHandle process : stackProcesses) {
        if (process.isAlive()) {
          System.err.println("Still running after ./shopscale down, killing: " + process.pid() + " "
              + process.info().commandLine().orElse(""));
          process.destroyForcibly();
          process.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(failure -> process).join();
        }
      }
    }
  }

  private static void closeQuietly(@Nullable AutoCloseable server) {
    if (server == null) {
      return;
    }
    try {
      server.close();
    }
    catch (Exception ex) {
      System.err.println("Could not stop " + server.getClass().getSimpleName() + ": " + ex);
    }
  }
}
