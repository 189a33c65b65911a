package io.shopscale.systemtests;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time per component of the running system, read from {@code /proc} (user + system time), so a benchmark step can
 * say what each process spent per order. PostgreSQL forks a backend per connection: its component counts the
 * postmasters, their live children, and the children they have already reaped. The load generator shares this JVM
 * with the Kafka broker; its threads (the HTTP client's and the virtual threads' carriers) are measured apart.
 */
final class ProcessCpu {

  /** What the kernel counts CPU time in ({@code getconf CLK_TCK}); 100 on every Linux this runs on. */
  private static final long TICKS_PER_SECOND = 100;
  static final String LOAD_GENERATOR = "load generator (test JVM threads)";

  private final RunningSystem system;

  ProcessCpu(RunningSystem system) {
    this.system = system;
  }

  /** CPU used so far per component, and by each of the load generator's threads. */
  record Snapshot(Map<String, Duration> components, Map<Long, Long> loadGeneratorThreadNanos) {
  }

  Snapshot snapshot() {
    Map<String, Duration> used = new LinkedHashMap<>();
    system.processesByComponent().forEach((component, processes) -> {
      boolean forks = component.equals("postgresql");
      long ticks = processes.stream().mapToLong(process -> forks ? treeTicks(process) : ticks(process, false)).sum();
      used.put(component, Duration.ofMillis(ticks * 1000 / TICKS_PER_SECOND));
    });
    return new Snapshot(used, loadGeneratorThreads());
  }

  /**
   * {@code after - before} per component; the load generator's threads by thread, so a thread that ended in between
   * (an HTTP client's idle worker) does not make the difference negative: what it spent since {@code before} is lost.
   */
  static Map<String, Duration> between(Snapshot before, Snapshot after) {
    Map<String, Duration> spent = new LinkedHashMap<>();
    after.components().forEach((component, total) -> spent.put(component,
        total.minus(before.components().getOrDefault(component, Duration.ZERO))));
    long threads = after.loadGeneratorThreadNanos().entrySet().stream()
        .mapToLong(thread -> thread.getValue() - before.loadGeneratorThreadNanos().getOrDefault(thread.getKey(), 0L))
        .sum();
    spent.put(LOAD_GENERATOR, Duration.ofNanos(threads));
    return spent;
  }

  private static long treeTicks(ProcessHandle root) {
    return ticks(root, true) + root.descendants().mapToLong(child -> ticks(child, false)).sum();
  }

  // /proc/<pid>/stat: fields 14-17 are utime, stime, cutime, cstime; the command (field 2) may hold spaces, so the
  // fields are counted from its closing parenthesis
  private static long ticks(ProcessHandle process, boolean withReapedChildren) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long own = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return withReapedChildren ? own + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : own;
    }
    catch (IOException ex) {
      return 0; // the process has exited; a backend's time is then in its postmaster's reaped children
    }
  }

  private static Map<Long, Long> loadGeneratorThreads() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<Long, Long> nanos = new LinkedHashMap<>();
    Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> Stream.of("HttpClient", "ForkJoinPool", "load-").anyMatch(thread.getName()::startsWith))
        .forEach(thread -> nanos.put(thread.threadId(), Math.max(0, threads.getThreadCpuTime(thread.threadId()))));
    return nanos;
  }

  /** One line: each component's CPU per unit of work, e.g. ms per confirmed order. */
  static String perUnit(Map<String, Duration> spent, long units) {
    StringBuilder line = new StringBuilder();
    long total = spent.entrySet().stream().filter(entry -> !entry.getKey().equals(LOAD_GENERATOR))
        .mapToLong(entry -> entry.getValue().toNanos()).sum();
    line.append(String.format(java.util.Locale.ROOT, "total %.1f ms", total / 1e6 / Math.max(1, units)));
    List.copyOf(spent.entrySet()).forEach(entry -> line.append(String.format(java.util.Locale.ROOT, ", %s %.1f",
        entry.getKey(), entry.getValue().toNanos() / 1e6 / Math.max(1, units))));
    return line.toString();
  }
}
