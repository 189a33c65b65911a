package io.shopscale.loadtest;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The run's figures as the plain-text summary wants them, recorded from every response in the Gatling JVM: per group
 * of the mix (setup, browse, login, order) and per request, the count, the 429s apart, KO % of the other answers
 * and exact (nearest-rank) p50/p95/p99 of their response times as Gatling measured them
 * ({@code responseTimeInMillis()}). Gatling's own report shows the same requests with its estimated percentiles and
 * cumulated group times. Also: conditional GETs answered 304, order outcomes and place-to-settled times.
 */
final class RunStats {

  static final String ALL = "all requests";

  private static final Map<String, Series> SERIES = new ConcurrentHashMap<>();
  private static final Map<String, LongAdder> COUNTERS = new ConcurrentHashMap<>();
  private static final Series SETTLE = new Series();
  private static final LongAdder STEADY = new LongAdder();
  private static volatile long steadyFrom;
  private static volatile long steadyTo;
  private static long firstMillis = Long.MAX_VALUE;
  private static long lastMillis;

  private RunStats() {
  }

  /** When the injection starts: the steady state is the time after the ramp. */
  static void start(LoadSettings settings) {
    steadyFrom = System.currentTimeMillis() + settings.ramp().toMillis();
    steadyTo = steadyFrom + settings.duration().toMillis();
  }

  /**
   * One answer (or a failure without one).
   *
   * @param responseMillis the response time, or -1 when there was no response (connection failure, timeout)
   */
  static void record(String group, String request, int status, long responseMillis, boolean ko) {
    long now = System.currentTimeMillis();
    synchronized (RunStats.class) {
      firstMillis = Math.min(firstMillis, now);
      lastMillis = Math.max(lastMillis, now);
    }
    if (now >= steadyFrom && now < steadyTo) {
      STEADY.increment();
    }
    for (String key : List.of(ALL, group, group + "\u0000" + request)) {
      SERIES.computeIfAbsent(key, k -> new Series()).add(status, responseMillis, ko);
    }
  }

  static void increment(String counter) {
    COUNTERS.computeIfAbsent(counter, key -> new LongAdder()).increment();
  }

  static long count(String counter) {
    LongAdder adder = COUNTERS.get(counter);
    return adder == null ? 0 : adder.sum();
  }

  static void settled(long millis) {
    SETTLE.add(200, millis, false);
  }

  /** The summary as text; also stored next to Gatling's reports with the figures the bench profile checks. */
  static String summary(LoadSettings settings) {
    Series all = SERIES.getOrDefault(ALL, new Series());
    double seconds;
    synchronized (RunStats.class) {
      seconds = Math.max(1, lastMillis - firstMillis) / 1000.0;
    }
    StringBuilder out = new StringBuilder();
    out.append("ShopScale load test summary (").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(")\n");
    out.append("settings: ").append(settings.describe()).append('\n');
    out.append(String.format(Locale.ROOT, "traffic: %,d requests in %.1f s = %.1f req/s overall; %.1f req/s in the "
        + "steady state (%d s)%n", all.count(), seconds, all.count() / seconds,
        STEADY.sum() / Math.max(1.0, settings.duration().toSeconds()),
        settings.duration().toSeconds()));
    out.append(String.format(Locale.ROOT, "429 (rate limited): %,d = %.2f %% of requests; KO (other answers): %,d = "
        + "%.2f %%%n", all.throttled(), all.throttledPercent(), all.ko(), all.koPercent()));
    out.append(String.format(Locale.ROOT, "sessions: %,d started, %,d logged in (each a new FREE user), %,d gave up "
        + "(registration or first login failed); conditional product GETs: %,d x 304, %,d x 200 (changed)%n",
        count("sessions.started"), count("sessions.loggedIn"), count("sessions.started") - count("sessions.loggedIn"),
        count("revalidation.304"), count("revalidation.200")));
    out.append(String.format(Locale.ROOT, "orders: %,d placed, %,d CONFIRMED, %,d CANCELLED, %,d unsettled after %d s",
        count("order.placed"), count("order.confirmed"), count("order.cancelled"), count("order.unsettled"),
        settings.orderTimeout().toSeconds()));
    new TreeMap<>(COUNTERS).forEach((name, value) -> {
      if (name.startsWith("order.cancelled.")) {
        out.append(String.format(Locale.ROOT, ", %s %,d", name.substring("order.cancelled.".length()), value.sum()));
      }
    });
    if (SETTLE.count() > 0) {
      out.append(String.format(Locale.ROOT, "; placed -> settled p50 %d ms, p95 %d ms, max %d ms",
          SETTLE.percentile(50), SETTLE.percentile(95), SETTLE.percentile(100)));
    }
    out.append("\n\n");
    out.append(String.format(Locale.ROOT, "%-46s %8s %6s %7s %7s %7s %7s %7s%n", "group / request", "count", "429",
        "KO %", "p50 ms", "p95 ms", "p99 ms", "max ms"));
    out.append(row(ALL, all));
    for (String group : List.of("setup", "browse", "login", "order")) {
      Series series = SERIES.get(group);
      if (series == null) {
        continue;
      }
      out.append(row(group, series));
      new TreeMap<>(SERIES).forEach((key, requestSeries) -> {
        if (key.startsWith(group + "\u0000")) {
          out.append(row("  " + key.substring(group.length() + 1), requestSeries));
        }
      });
    }
    out.append("(percentiles: exact, of the non-429 answers; KO % = KO / non-429 answers)\n");
    return out.toString();
  }

  /** The figures the bench profile's last step checks, as properties. */
  static void writeFigures(Path file, LoadSettings settings) throws IOException {
    Series all = SERIES.getOrDefault(ALL, new Series());
    Properties figures = new Properties();
    figures.setProperty("requests", String.valueOf(all.count()));
    figures.setProperty("throttled", String.valueOf(all.throttled()));
    figures.setProperty("throttledPercent", String.format(Locale.ROOT, "%.3f", all.throttledPercent()));
    figures.setProperty("koPercent", String.format(Locale.ROOT, "%.3f", all.koPercent()));
    figures.setProperty("maxThrottledPercent", String.valueOf(settings.maxThrottledPercent()));
    write(file, writer -> figures.store(writer, "ShopScale load test figures"));
  }

  static void write(Path file, WriterAction action) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      action.write(writer);
    }
  }

  interface WriterAction {

    void write(Writer writer) throws IOException;
  }

  private static String row(String name, Series series) {
    return String.format(Locale.ROOT, "%-46s %8d %6d %7.2f %7s %7s %7s %7s%n", name, series.count(),
        series.throttled(), series.koPercent(), millis(series, 50), millis(series, 95), millis(series, 99),
        millis(series, 100));
  }

  private static String millis(Series series, double percent) {
    long value = series.percentile(percent);
    return value < 0 ? "-" : String.valueOf(value);
  }

  /** Counts and response times of one group or request; small enough to keep every value (a few 10,000s). */
  static final class Series {

    private long[] times = new long[1024];
    private int timed;
    private long count;
    private long throttled;
    private long ko;

    synchronized void add(int status, long responseMillis, boolean failed) {
      count++;
      if (status == 429) {
        throttled++;
        return;
      }
      if (failed) {
        ko++;
      }
      if (responseMillis >= 0) {
        if (timed == times.length) {
          times = Arrays.copyOf(times, timed * 2);
        }
        times[timed++] = responseMillis;
      }
    }

    synchronized long count() {
      return count;
    }

    synchronized long throttled() {
      return throttled;
    }

    synchronized long ko() {
      return ko;
    }

    synchronized double throttledPercent() {
      return count == 0 ? 0 : 100.0 * throttled / count;
    }

    synchronized double koPercent() {
      long answered = count - throttled;
      return answered == 0 ? 0 : 100.0 * ko / answered;
    }

    /** Nearest-rank percentile of the recorded times, or -1 when none. */
    synchronized long percentile(double percent) {
      if (timed == 0) {
        return -1;
      }
      long[] sorted = Arrays.copyOf(times, timed);
      Arrays.sort(sorted);
      int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
      return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
  }
}
