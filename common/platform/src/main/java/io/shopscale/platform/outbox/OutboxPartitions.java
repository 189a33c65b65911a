package io.shopscale.platform.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.platform.jobs.BackgroundWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Keeps {@code outbox_events} (partitioned by UTC day of {@code created_at}, V5) ready and bounded: creates the
 * partitions of today and the next {@code partitionsAhead} days, gives a partition to any day whose rows wait in the
 * DEFAULT partition (moving them into it), and drops each past day's partition once all its rows were published
 * longer ago than {@code retention}. Retention is thus a catalog change, not a DELETE that leaves dead tuples for
 * vacuum; its granularity is the day: a row goes between {@code retention} and {@code retention} + 1 day (plus one
 * run interval) after it was published.
 *
 * <p>A partition holding an unpublished row (waiting, retried or parked) is never dropped, whatever its age: the
 * check runs after the partition is detached, in the transaction that drops it, so no row can change in between.
 *
 * <p>Every instance runs this; each step is its own short transaction that first takes a transaction-scoped
 * advisory lock and skips the run if another instance holds it, then re-reads the catalog. DDL runs with a short
 * {@code lock_timeout}: attaching needs the DEFAULT partition to itself and dropping the parent table to itself for
 * a moment, and a DDL statement waiting for a lock would queue every insert behind it. A step that times out is tried
 * again on the next run.
 */
final class OutboxPartitions {

  private static final Logger log = LoggerFactory.getLogger(OutboxPartitions.class);
  private static final String PREFIX = "outbox_events_p";
  private static final Pattern NAME = Pattern.compile(PREFIX + "(\\d{8})");
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  private final JdbcClient jdbc;
  private final BackgroundWork background;
  private final OutboxSettings settings;
  private final Clock clock;
  private final Counter created;
  private final Counter dropped;

  OutboxPartitions(JdbcClient jdbc, BackgroundWork background, OutboxSettings settings, Clock clock,
      MeterRegistry meters) {
    this.jdbc = jdbc;
    this.background = background;
    this.settings = settings;
    this.clock = clock;
    this.created = Counter.builder("shopscale.outbox.partitions.created")
        .description("outbox day partitions created").register(meters);
    this.dropped = Counter.builder("shopscale.outbox.partitions.dropped")
        .description("outbox day partitions dropped past the retention").register(meters);
  }

  // At start-up, then every interval. A failed run logs; the next one tries again.
  @Scheduled(fixedDelayString = "${shopscale.outbox.partition-maintenance-every:1h}")
  void scheduled() {
    try {
      maintain();
    }
    catch (RuntimeException ex) {
      log.warn("Outbox partition maintenance failed; trying again on the next run: {}", String.valueOf(ex));
    }
  }

  /** One run: partitions ahead and for rows in the DEFAULT partition, then drops past the retention. */
  void maintain() {
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    TreeSet<LocalDate> days = new TreeSet<>();
    for (int ahead = 0; ahead <= settings.partitionsAhead(); ahead++) {
      days.add(today.plusDays(ahead));
    }
    days.addAll(background.execute(status -> jdbc.sql("""
        SELECT DISTINCT CAST(created_at AT TIME ZONE 'UTC' AS date) FROM outbox_events_default
        """).query(LocalDate.class).list()));
    days.removeAll(partitionDays());
    days.forEach(this::create);
    Instant cutoff = now.minus(settings.retention());
    partitionDays().stream().filter(day -> !start(day.plusDays(1)).isAfter(cutoff))
        .forEach(day -> drop(day, cutoff));
  }

  private List<LocalDate> partitionDays() {
    return background.execute(status -> jdbc.sql("""
        SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = CAST('outbox_events' AS regclass)
        """).query(String.class).list()).stream()
        .map(NAME::matcher).filter(Matcher::matches).map(m -> LocalDate.parse(m.group(1), DAY)).sorted().toList();
  }

  // The partition is made as a plain table and attached, which takes only SHARE UPDATE EXCLUSIVE on the parent
  // (CREATE TABLE ... PARTITION OF takes ACCESS EXCLUSIVE: every insert would wait). Rows of its day that are in the
  // DEFAULT partition move first, in the same transaction: PostgreSQL refuses the attach while they are there.
  private void create(LocalDate day) {
    String name = PREFIX + day.format(DAY);
    boolean done = Boolean.TRUE.equals(background.execute(status -> {
      if (!lockedAndTimed() || exists(name)) {
        return false;
      }
      jdbc.sql("CREATE TABLE " + name + " (LIKE outbox_events)").update();
      int moved = jdbc.sql("WITH moved AS (DELETE FROM outbox_events_default WHERE created_at >= ? AND created_at < ?"
          + " RETURNING *) INSERT INTO " + name + " SELECT * FROM moved")
          .params(Timestamp.from(start(day)), Timestamp.from(start(day.plusDays(1)))).update();
      jdbc.sql("ALTER TABLE outbox_events ATTACH PARTITION " + name + " FOR VALUES FROM ('" + start(day) + "') TO ('"
          + start(day.plusDays(1)) + "')").update();
      if (moved > 0) {
        log.info("Outbox partition {} created with {} rows from the default partition", name, moved);
      }
      return true;
    }));
    if (done) {
      created.increment();
    }
  }

  // A first look takes no DDL lock: a partition kept for a parked row costs one index probe per run. Then detach (the
  // parent and the partition to ourselves) and look again: a row that is unpublished or published within the
  // retention keeps the partition, and the rollback attaches it again as it was.
  private void drop(LocalDate day, Instant cutoff) {
    String name = PREFIX + day.format(DAY);
    boolean done = Boolean.TRUE.equals(background.execute(status -> {
      if (!lockedAndTimed() || !exists(name) || stillNeeded(name, cutoff)) {
        return false;
      }
      jdbc.sql("ALTER TABLE outbox_events DETACH PARTITION " + name).update();
      if (stillNeeded(name, cutoff)) {
        status.setRollbackOnly();
        return false;
      }
      jdbc.sql("DROP TABLE " + name).update();
      return true;
    }));
    if (done) {
      dropped.increment();
      log.info("Outbox partition {} dropped: every row published before {}", name, cutoff);
    }
  }

  private boolean stillNeeded(String name, Instant cutoff) {
    return jdbc.sql("SELECT EXISTS (SELECT 1 FROM " + name + " WHERE published_at IS NULL OR published_at >= ?)")
        .param(Timestamp.from(cutoff)).query(Boolean.class).single();
  }

  private boolean lockedAndTimed() {
    boolean locked = jdbc.sql("SELECT pg_try_advisory_xact_lock(hashtextextended('shopscale.outbox.partitions', 0))")
        .query(Boolean.class).single();
    if (locked) {
      jdbc.sql("SELECT set_config('lock_timeout', ?, true)").param(settings.partitionLockTimeout().toMillis() + "ms")
          .query(String.class).single();
    }
    return locked;
  }

  private boolean exists(String name) {
    return jdbc.sql("SELECT to_regclass(?) IS NOT NULL").param(name).query(Boolean.class).single();
  }

  private static Instant start(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
