package io.shopscale.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the whole system on one machine: infrastructure in this JVM, each service as a child JVM, demo data, then
 * waits for SIGINT/SIGTERM and stops everything (services first, so they shut down against a live database).
 *
 * <p>State for the {@code ./shopscale} script lives in {@code .shopscale/} ({@code SHOPSCALE_HOME} moves it, so a second
 * stack, e.g. the system tests', runs beside a developer's): {@code local-stack.pid}, {@code components} (name, pid,
 * health check per line), {@code ready} (written once everything is up) and {@code logs/}.
 *
 * <p>{@code SHOPSCALE_STOP_WITH_PID}: the stack stops itself when that process ends, however it ends (a test JVM that
 * started it and was killed leaves no services behind).
 */
public final class LocalStack {

  // Created before the servers start in parallel, so logging is set up once rather than raced by three threads.
  private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

  private final Path root;
  private final Path home;
  private final Path logs;
  private final Progress progress = new Progress();
  private final List<ServiceProcess> running = new ArrayList<>();
  private final Map<Service, Map<String, String>> environments = new LinkedHashMap<>();
  private final Map<Service, ServiceJar> jars = new LinkedHashMap<>();
  private volatile @Nullable Infrastructure infrastructure;
  private volatile @Nullable ControlServer control;
  private boolean stopped;

  private LocalStack(Path root) {
    this.root = root;
    String state = Env.get("SHOPSCALE_HOME");
    this.home = state == null ? root.resolve(".shopscale") : Path.of(state).toAbsolutePath().normalize();
    this.logs = home.resolve("logs");
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    var stack = new LocalStack(Path.of(Env.get("SHOPSCALE_ROOT", ".")).toAbsolutePath().normalize());
    Files.createDirectories(stack.logs);
    Path pidFile = stack.home.resolve("local-stack.pid");
    if (Files.exists(pidFile) && ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
        .filter(ProcessHandle::isAlive).isPresent()) {
      // before the shutdown hook exists: it would delete the running stack's files
      System.out.println("✘ Already running (pid file " + stack.root.relativize(pidFile) + "); ./shopscale status");
      System.exit(1);
    }
    Files.deleteIfExists(stack.home.resolve("ready"));
    Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
    Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "stop-local-stack"));
    stopWithOwner();
    log.info("Local stack launcher started in {}", stack.root);
    try {
      stack.up();
    }
    catch (RuntimeException | IOException ex) {
      stack.progress.say("✘ " + reasons(ex));
      log.error("The stack did not come up", ex);
      System.exit(1);
    }
    new CountDownLatch(1).await(); // until a signal runs the shutdown hook
  }

  /** {@code SHOPSCALE_STOP_WITH_PID}: exit (running the shutdown hook) once the owning process has ended. */
  private static void stopWithOwner() {
    String owner = Env.get("SHOPSCALE_STOP_WITH_PID");
    if (owner == null) {
      return;
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(Long.parseLong(owner));
    if (handle.isEmpty() || !handle.get().isAlive()) {
      log.warn("Process {} (SHOPSCALE_STOP_WITH_PID) is gone: not starting", owner);
      System.exit(1);
    }
    handle.get().onExit().thenRun(() -> {
      log.warn("Process {} (SHOPSCALE_STOP_WITH_PID) ended: stopping the stack", owner);
      System.exit(0);
    });
  }

  /** Every cause's message: the useful one (a server's own output) is often a few wrappers down. */
  private static String reasons(Throwable failure) {
    var messages = new java.util.LinkedHashSet<String>();
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      messages.add(String.valueOf(cause.getMessage()));
    }
    return String.join(System.lineSeparator() + "  caused by: ", messages);
  }

  private void up() throws IOException, InterruptedException {
    List<Service> services = selectedServices();
    requireFreePorts(services);
    progress.say("Starting ShopScale infrastructure (logs in " + root.relativize(logs) + "/)");
    ControlServer controls = ControlServer.start(Env.integer("SHOPSCALE_CONTROL_PORT", 18090));
    control = controls;
    controls.writeTo(home.resolve("control"));
    Infrastructure infra = new Infrastructure();
    infrastructure = infra; // before starting: a Ctrl-C meanwhile must stop what did start
    infra.start(progress);

    Map<String, String> shared = sharedEnvironment();
    for (Service service : services) {
      Map<String, String> env = new HashMap<>(shared);
      env.putAll(infra.environmentFor(service));
      if (service.name().equals("storefront")) {
        // the console's chaos buttons use the launcher's control endpoint (loopback only, with its token)
        env.put("SHOPSCALE_CONSOLE_CONTROLURL", controls.url());
        env.put("SHOPSCALE_CONSOLE_CONTROLTOKEN", controls.token());
      }
      environments.put(service, env);
    }
    jars.putAll(prepareJars(environments));

    progress.say("Starting " + services.size() + " services");
    for (Service service : services) {
      synchronized (this) {
        if (stopped) {
          return;
        }
        running.add(ServiceProcess.start(service, root, logs, environments.get(service), jars.get(service),
            ServiceJar.aotEnabled()));
      }
    }
    writeComponents(infra);
    CompletableFuture<Void> demoData = seedDemoDataOnceReady();
    awaitReady(running);
    infra.awaitKafka();
    controls.serve(new ChaosControls(infra.redis(), infra.kafka(), infra.postgres(), new LauncherServices(infra),
        new ServiceSwitches(url("user-service"), url("inventory-service"), url("payment-service"))));
    try {
      demoData.join();
    }
    catch (CompletionException ex) {
      throw ex.getCause() instanceof RuntimeException cause ? cause : ex;
    }
    printSummary(infra);
    Files.writeString(home.resolve("ready"), "ready in " + Math.round(progress.elapsedSeconds()) + " s\n");
  }

  /** Seeds the catalog as soon as user-service and inventory-service answer, while the others still start. */
  private CompletableFuture<Void> seedDemoDataOnceReady() {
    Optional<ServiceProcess> users = find("user-service");
    Optional<ServiceProcess> inventory = find("inventory-service");
    if (users.isEmpty() || inventory.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return CompletableFuture.runAsync(() -> {
      while (!(users.get().isReady() && inventory.get().isReady())) {
        if (!users.get().isAlive() || !inventory.get().isAlive()) {
          return; // awaitReady() reports it
        }
        LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
      }
      try {
        int created = new DemoData(users.get().service.url(), inventory.get().service.url()).seed();
        progress.done("demo data", created == 0 ? "catalog already has products" : created + " products with stock");
      }
      catch (IOException ex) {
        throw new IllegalStateException("Seeding demo data failed: " + ex.getMessage(), ex);
      }
      catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while seeding demo data", ex);
      }
    }, task -> Thread.ofPlatform().name("demo-data").start(task));
  }

  /**
   * Each service's extracted jar, and its AOT cache: the missing caches are recorded first by a training run. Every
   * service starts (those without a cache recording one), the demo data is seeded and, when the whole order path is
   * in the stack, one order is placed through the gateway and settled; then the services stop and the recording ones
   * write their caches. The order is there because a cache recorded at the end of start-up left the first order after
   * a start to load ~2,500 classes on its way through four services (docs/benchmarks.md, "Local stack"). Once per
   * build; a service whose training fails starts without a cache. The run's data stays in this start's databases.
   */
  private Map<Service, ServiceJar> prepareJars(Map<Service, Map<String, String>> environments) {
    Map<Service, ServiceJar> jars = new LinkedHashMap<>();
    environments.keySet().parallelStream().forEach(service -> {
      ServiceJar jar = ServiceJar.of(home, service.name(), ServiceProcess.jar(root, service.name()));
      jar.extract(ServiceProcess.java());
      synchronized (jars) {
        jars.put(service, jar);
      }
    });
    List<Service> untrained = environments.keySet().stream().filter(service -> !jars.get(service).cacheRecorded())
        .toList();
    if (!ServiceJar.aotEnabled() || untrained.isEmpty()) {
      return jars;
    }
    long started = System.nanoTime();
    progress.say("Recording start-up caches for " + untrained.size() + " services (once per build: a training run"
        + " starts the stack and places an order)");
    List<ServiceProcess> training = new ArrayList<>();
    for (Service service : environments.keySet()) {
      synchronized (this) {
        if (stopped) {
          return jars;
        }
        ServiceProcess process = untrained.contains(service)
            ? ServiceProcess.train(service, root, logs, environments.get(service), jars.get(service))
            : ServiceProcess.start(service, root, logs, environments.get(service), jars.get(service), true);
        training.add(process);
        running.add(process); // a Ctrl-C meanwhile stops it with the rest
      }
    }
    try {
      runTrainingWorkload(training);
    }
    catch (IOException | RuntimeException ex) {
      log.warn("The AOT training run's workload failed; the caches hold what it ran: {}", reasons(ex));
    }
    catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
    // the caches are written as the JVMs exit
    training.forEach(ServiceProcess::requestStop);
    for (ServiceProcess process : training) {
      process.awaitStop(Duration.ofSeconds(Env.integer("SHOPSCALE_READY_TIMEOUT", 120)));
      synchronized (this) {
        running.remove(process);
      }
    }
    for (Service service : untrained) {
      if (!jars.get(service).cacheRecorded()) {
        log.warn("{} recorded no AOT cache; it starts without one. See {}", service.name(),
            logs.resolve(service.name() + ".aot-training.log"));
      }
    }
    long recorded = untrained.stream().filter(service -> jars.get(service).cacheRecorded()).count();
    progress.done("start-up caches", recorded + " of " + untrained.size() + " recorded", started);
    return jars;
  }

  /** Waits until every training service is ready, then seeds the demo data and places an order if it can. */
  private void runTrainingWorkload(List<ServiceProcess> training) throws IOException, InterruptedException {
    awaitReady(training);
    List<String> names = training.stream().map(process -> process.service.name()).toList();
    if (!names.containsAll(List.of("user-service", "inventory-service"))) {
      return;
    }
    DemoData demo = new DemoData(url("user-service"), url("inventory-service"));
    demo.seed();
    if (names.containsAll(List.of("gateway-service", "order-service", "payment-service"))) {
      demo.placeOrder(url("gateway-service"));
    }
  }

  /** All services, or the comma-separated {@code SHOPSCALE_SERVICES} subset (e.g. to run without the gateway). */
  private static List<Service> selectedServices() {
    String subset = Env.get("SHOPSCALE_SERVICES");
    if (subset == null) {
      return Service.ALL;
    }
    List<String> names = Arrays.stream(subset.split(",")).map(String::strip).toList();
    List<Service> selected = Service.ALL.stream().filter(service -> names.contains(service.name())).toList();
    if (selected.size() != names.size()) {
      throw new IllegalArgumentException("SHOPSCALE_SERVICES names an unknown service: " + subset + "; known: "
          + Service.ALL.stream().map(Service::name).toList());
    }
    return selected;
  }

  /** A clear message up front beats a bind error deep in some server's log (often: a stack is already running). */
  private static void requireFreePorts(List<Service> services) {
    Map<String, Integer> ports = new LinkedHashMap<>();
    services.forEach(service -> ports.put(service.name(), service.port()));
    ports.put("the control endpoint (SHOPSCALE_CONTROL_PORT)", Env.integer("SHOPSCALE_CONTROL_PORT", 18090));
    if (Env.get("SHOPSCALE_POSTGRES_URL") == null) {
      ports.put("postgresql primary (SHOPSCALE_PG_PORT)", Env.integer("SHOPSCALE_PG_PORT", 15432));
      ports.put("postgresql replica (SHOPSCALE_PG_REPLICA_PORT)", Env.integer("SHOPSCALE_PG_REPLICA_PORT", 15433));
    }
    if (Env.get("SHOPSCALE_REDIS_URL") == null) {
      ports.put("redis (SHOPSCALE_REDIS_PORT)", Env.integer("SHOPSCALE_REDIS_PORT", 16379));
    }
    if (Env.get("SHOPSCALE_KAFKA_BOOTSTRAP") == null) {
      ports.put("kafka (SHOPSCALE_KAFKA_PORT)", Env.integer("SHOPSCALE_KAFKA_PORT", 19092));
      ports.put("kafka controller (SHOPSCALE_KAFKA_CONTROLLER_PORT)",
          Env.integer("SHOPSCALE_KAFKA_CONTROLLER_PORT", 19093));
    }
    ports.forEach((what, port) -> {
      try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        probe.setReuseAddress(true);
      }
      catch (IOException ex) {
        throw new IllegalStateException("Port " + port + " for " + what + " is in use (a stack already running? "
            + "./shopscale status)");
      }
    });
  }

  /** Every service gets every address, so a service calling another (order → inventory) finds it the same way. */
  private static Map<String, String> sharedEnvironment() {
    Map<String, String> env = new HashMap<>();
    Service.ALL.forEach(service -> {
      env.put(service.prefix() + "_PORT", String.valueOf(service.port()));
      env.put(service.prefix() + "_SERVICE_URL", service.url());
    });
    String userService = Service.ALL.stream().filter(service -> service.name().equals("user-service"))
        .findFirst().orElseThrow().url();
    env.put("JWKS_URI", userService + "/.well-known/jwks.json");
    env.put("SPRING_PROFILES_ACTIVE", Env.get("SHOPSCALE_PROFILES", "local"));
    env.put("SHOPSCALE_ADMIN_PASSWORD", DemoData.adminPassword());
    // Hikari keeps maximum-pool-size (10) connections open by default: 40 idle PostgreSQL backends (~0.5 GiB summed
    // RSS) and their set-up at start for a stack that is mostly idle. Pools still grow to 10 under load.
    env.put("SPRING_DATASOURCE_HIKARI_MINIMUMIDLE", Env.get("SPRING_DATASOURCE_HIKARI_MINIMUMIDLE", "2"));
    return env;
  }

  private void awaitReady(List<ServiceProcess> processes) {
    long deadline = System.nanoTime() + Duration.ofSeconds(Env.integer("SHOPSCALE_READY_TIMEOUT", 120)).toNanos();
    List<ServiceProcess> waiting = new ArrayList<>(processes);
    while (!waiting.isEmpty()) {
      for (ServiceProcess service : List.copyOf(waiting)) {
        if (service.isReady()) {
          waiting.remove(service);
          progress.done(service.service.name(), service.service.url() + "  pid " + service.pid(),
              service.startedNanos());
        }
        else if (!service.isAlive()) {
          fail(service, "exited before it was ready");
        }
      }
      if (!waiting.isEmpty() && System.nanoTime() > deadline) {
        fail(waiting.get(0), "was not ready within " + Env.integer("SHOPSCALE_READY_TIMEOUT", 120) + " s");
      }
      if (!waiting.isEmpty()) {
        progress.waiting(waiting.stream().map(service -> service.service.name()).toList());
        LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
      }
    }
  }

  private void fail(ServiceProcess service, String why) {
    progress.say("✘ " + service.service.name() + " " + why + ". Last lines of " + root.relativize(service.log) + ":");
    progress.say(service.logTail(40));
    throw new IllegalStateException(service.service.name() + " " + why);
  }

  private Optional<ServiceProcess> find(String name) {
    return running.stream().filter(service -> service.service.name().equals(name)).findFirst();
  }

  private static String url(String service) {
    return Service.ALL.stream().filter(s -> s.name().equals(service)).findFirst().map(Service::url)
        .orElseThrow();
  }

  /** Kills and restarts the services of this stack for the chaos controls; the components file follows. */
  private final class LauncherServices implements ChaosControls.Services {

    private final Infrastructure infra;

    LauncherServices(Infrastructure infra) {
      this.infra = infra;
    }

    @Override
    public boolean kill(String name) {
      ServiceProcess process;
      synchronized (LocalStack.this) {
        process = find(name).filter(ServiceProcess::isAlive).orElse(null);
      }
      if (process == null) {
        return false;
      }
      process.kill();
      return true;
    }

    @Override
    public boolean start(String name) {
      synchronized (LocalStack.this) {
        ServiceProcess old = find(name).orElseThrow();
        if (stopped || old.isAlive()) {
          return false;
        }
        ServiceProcess started = ServiceProcess.start(old.service, root, logs, environments.get(old.service),
            jars.get(old.service), ServiceJar.aotEnabled());
        running.set(running.indexOf(old), started);
        try {
          writeComponents(infra);
        }
        catch (IOException ex) {
          log.warn("Could not update {}: ./shopscale status shows the old pid", home.resolve("components"), ex);
        }
        return true;
      }
    }

    @Override
    public Map<String, String> states() {
      Map<String, String> states = new LinkedHashMap<>();
      synchronized (LocalStack.this) {
        running.forEach(process -> states.put(process.service.name(), process.isAlive() ? "running" : "killed"));
      }
      return states;
    }
  }

  private void writeComponents(Infrastructure infra) throws IOException {
    StringBuilder lines = new StringBuilder();
    lines.append("local-stack\t").append(ProcessHandle.current().pid()).append("\t-\n");
    infra.checks().forEach((name, check) -> lines.append(name).append("\t-\t").append(check).append('\n'));
    for (ServiceProcess service : running) {
      lines.append(service.service.name()).append('\t').append(service.pid()).append('\t')
          .append(service.healthUrl()).append('\n');
    }
    Files.writeString(home.resolve("components"), lines);
  }

  private void printSummary(Infrastructure infra) {
    Optional<ServiceProcess> gateway = find("gateway-service");
    String entry = gateway.map(service -> service.service.url()).orElse(running.get(0).service.url());
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%nShopScale is ready in %.1f s%n",
        progress.elapsedSeconds()));
    gateway.ifPresent(service -> out.append(String.format(Locale.ROOT, "  %-18s %s%n", "API (gateway)", entry)));
    out.append(String.format(Locale.ROOT, "  %-18s %s/swagger-ui.html%n", "Swagger UI", entry));
    for (ServiceProcess service : running) {
      String url = service.service.url();
      // the gateway's public port serves only its health (docs/api.md); its metrics move with MANAGEMENT_SERVER_PORT
      String metrics = gateway.filter(g -> g == service).isPresent() ? "" : "  " + url + "/actuator/prometheus";
      out.append(String.format(Locale.ROOT, "  %-18s %s/actuator/health%s%n", service.service.name(), url,
          metrics));
    }
    infra.addresses().forEach((name, address) -> out.append(String.format(Locale.ROOT, "  %-18s %s%n", name,
        address)));
    out.append(String.format(Locale.ROOT, "  %-18s %s / %s%n", "Admin login", DemoData.ADMIN_EMAIL,
        DemoData.adminPassword()));
    out.append(String.format(Locale.ROOT, "  %-18s %s/%n", "Logs", root.relativize(logs)));
    out.append(String.format(Locale.ROOT, "  %-18s %s%n", "Break it", "./shopscale chaos (redis down, kafka down, "
        + "payments slow, ...; loopback only)"));
    out.append(String.format(Locale.ROOT, "  %-18s %s%n", "Stop", "Ctrl-C, or ./shopscale down when detached"));
    progress.say(out.toString());
  }

  /** The shutdown hook: services first (they drain against live servers), then the infrastructure. */
  private void stop() {
    List<ServiceProcess> toStop;
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
      toStop = new ArrayList<>(running);
    }
    progress.say("Stopping ShopScale…");
    toStop.forEach(ServiceProcess::requestStop);
    toStop.forEach(service -> service.awaitStop(Duration.ofSeconds(30)));
    if (control != null) {
      control.close();
    }
    if (infrastructure != null) {
      infrastructure.close();
    }
    for (String file : List.of("ready", "components", "control", "local-stack.pid")) {
      try {
        Files.deleteIfExists(home.resolve(file));
      }
      catch (IOException ignored) {
        // the script treats a dead pid as stopped anyway
      }
    }
    progress.say("Stopped.");
  }
}
