package io.shopscale.platform.outbox;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.shopscale.platform.jobs.BackgroundWork;
import org.apache.kafka.common.errors.RetriableException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes outbox rows to Kafka, oldest first, keyed by aggregate id, at least once, in order per aggregate.
 *
 * <p>Any number of relays (one per service replica) may run against one table. A batch first claims aggregates,
 * taking a transaction-scoped advisory lock on each, and only then reads the claimed aggregates' rows in a second
 * statement: what it sends is what is unpublished once it holds the locks, so a relay that skipped a locked
 * aggregate can never publish that aggregate's later row while another relay gives its earlier one back.
 *
 * <p>Every row's acknowledgement is acted on: an aggregate's rows are sent one after the other (all aggregates at
 * once), the acknowledged ones are marked published, and a row the broker refuses records the attempt and the error
 * and waits with back-off, with only its own aggregate waiting behind it. After {@code maxAttempts} it is parked for an operator. When nothing at all was
 * acknowledged for a reason that can pass (the broker is down), no row is blamed: the relay backs off as a whole.
 *
 * <p>An idle relay sleeps on {@link OutboxWakeUps} (LISTEN/NOTIFY) and looks at the table every
 * {@code idleCheck} anyway.
 */
final class OutboxRelay implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  // The oldest unpublished row of each aggregate decides whether the aggregate may go now; the lock is taken only
  // for the few aggregates this batch looks at (the LIMIT outside stops evaluating the lock once it has enough).
  private static final String CLAIM_AGGREGATES = """
      SELECT aggregate_id FROM (
        SELECT aggregate_id, seq FROM (
          SELECT DISTINCT ON (aggregate_id) aggregate_id, seq, next_attempt_at, parked_at FROM outbox_events
           WHERE published_at IS NULL
           ORDER BY aggregate_id, seq) oldest
         WHERE parked_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= now())
         ORDER BY seq
         LIMIT :candidates) due
       WHERE pg_try_advisory_xact_lock(hashtextextended('shopscale.outbox:' || aggregate_id, 0))
       LIMIT :aggregates
      """;

  private static final String READ_CLAIMED = """
      SELECT seq, aggregate_id, topic, envelope, created_at, traceparent, attempts FROM outbox_events
       WHERE published_at IS NULL AND aggregate_id IN (:aggregates)
       ORDER BY seq
       LIMIT :batch
      """;

  private final JdbcClient jdbc;
  private final BackgroundWork background;
  private final KafkaTemplate<String, String> kafka;
  private final OutboxSettings settings;
  private final TraceContinuation traces;
  private final OutboxWakeUps wakeUps;
  private final Timer publishLag;
  private final Counter published;
  private final Counter failures;
  private final Counter rowFailures;
  private final AtomicLong backlog = new AtomicLong();
  private final AtomicLong parked = new AtomicLong();
  private @Nullable Thread loop;
  private volatile boolean running;
  private Duration backoff = Duration.ZERO;
  private Instant nextHousekeeping = Instant.MIN;
  private Instant nextRetry = Instant.MAX;

  OutboxRelay(JdbcClient jdbc, BackgroundWork background, KafkaTemplate<String, String> kafka,
      OutboxSettings settings, MeterRegistry meters, TraceContinuation traces, OutboxWakeUps wakeUps) {
    this.jdbc = jdbc;
    this.background = background;
    this.kafka = kafka;
    this.settings = settings;
    this.traces = traces;
    this.wakeUps = wakeUps;
    this.publishLag = Timer.builder("shopscale.outbox.publish.lag").publishPercentileHistogram()
        .description("time from the outbox insert to the broker's acknowledgement").register(meters);
    this.published = meters.counter("shopscale.outbox.published");
    this.failures = meters.counter("shopscale.outbox.failures");
    this.rowFailures = Counter.builder("shopscale.outbox.row.failures")
        .description("rows the broker refused while it acknowledged others (each attempt)").register(meters);
    meters.gauge("shopscale.outbox.backlog", backlog);
    meters.gauge("shopscale.outbox.parked", parked);
  }

  @Override
  public void start() {
    running = true;
    wakeUps.open();
    Thread thread = new Thread(this::run, "outbox-relay");
    thread.setDaemon(true);
    loop = thread;
    thread.start();
  }

  @Override
  public void stop() {
    running = false;
    wakeUps.close();
    Thread thread = loop;
    if (thread != null) {
      thread.interrupt();
      try {
        // a batch in flight finishes (or rolls back) first, so a restarted relay never runs beside it
        thread.join(settings.sendTimeout().toMillis() + 1000);
      }
      catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void run() {
    while (running) {
      try {
        Duration pause = runOnce();
        if (!pause.isZero()) {
          waitFor(pause);
        }
      }
      catch (InterruptedException ex) {
        return;
      }
    }
  }

  /** One round of work; returns how long to wait before the next. */
  private Duration runOnce() throws InterruptedException {
    try {
      housekeeping();
      if (!nextRetry.isAfter(Instant.now())) {
        nextRetry = Instant.MAX; // this batch claims every row that is due; its failures set the next time
      }
      Batch batch = publishBatch();
      if (batch.brokerUnavailable()) {
        return backOff(batch.failure());
      }
      if (!backoff.isZero()) {
        log.info("Outbox relay publishes again");
        backoff = Duration.ZERO;
      }
      // a full batch means more is waiting: go on at once
      return batch.claimed() == settings.batchSize() ? Duration.ZERO : idleWait();
    }
    catch (RuntimeException ex) {
      return backOff(ex);
    }
  }

  private Duration backOff(@Nullable Throwable why) {
    failures.increment();
    if (backoff.isZero()) {
      log.warn("Outbox relay cannot publish; keeping the backlog and retrying with back-off: {}", String.valueOf(why));
    }
    Duration doubled = backoff.isZero() ? settings.pollInterval().multipliedBy(2) : backoff.multipliedBy(2);
    backoff = doubled.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : doubled;
    return backoff;
  }

  // Until a commit wakes us, a held-back row is due again, housekeeping is due, or the periodic look at the table.
  private Duration idleWait() {
    Instant now = Instant.now();
    Instant until = now.plus(settings.idleCheck());
    if (nextRetry.isBefore(until)) {
      until = nextRetry;
    }
    if (nextHousekeeping.isBefore(until)) {
      until = nextHousekeeping;
    }
    Duration wait = Duration.between(now, until);
    return wait.isNegative() || wait.isZero() ? Duration.ofMillis(1) : wait;
  }

  private void waitFor(Duration pause) throws InterruptedException {
    if (backoff.isZero()) {
      wakeUps.await(pause);
    }
    else {
      // the broker is the problem, not a lack of rows: a commit must not cut the back-off short
      TimeUnit.MILLISECONDS.sleep(pause.toMillis());
    }
  }

  /** Claims aggregates, sends their rows, marks the results, all in one transaction. */
  Batch publishBatch() {
    Batch batch = background.execute(status -> {
      List<String> aggregates = jdbc.sql(CLAIM_AGGREGATES)
          .param("candidates", settings.batchSize() * 4)
          .param("aggregates", settings.batchSize())
          .query(String.class).list();
      if (aggregates.isEmpty()) {
        return Batch.EMPTY;
      }
      List<Row> rows = jdbc.sql(READ_CLAIMED).param("aggregates", aggregates).param("batch", settings.batchSize())
          .query((rs, n) -> new Row(rs.getLong("seq"), rs.getString("aggregate_id"), rs.getString("topic"),
              rs.getString("envelope"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
              rs.getString("traceparent"), rs.getInt("attempts")))
          .list();
      return deliver(rows);
    });
    return batch == null ? Batch.EMPTY : batch;
  }

  // Sends in waves: each aggregate's next row only once its previous one is acknowledged, so a row the broker refuses
  // (too large, say) never lets a later row of its aggregate reach the topic first. Almost every batch is one wave:
  // an aggregate rarely has two unpublished rows unless a backlog is draining.
  private Batch deliver(List<Row> rows) {
    Map<String, Deque<Row>> byAggregate = new LinkedHashMap<>();
    rows.forEach(row -> byAggregate.computeIfAbsent(row.aggregateId(), id -> new ArrayDeque<>()).add(row));
    List<Row> acknowledged = new ArrayList<>();
    List<Failure> failed = new ArrayList<>();
    while (!byAggregate.isEmpty()) {
      List<Row> wave = byAggregate.values().stream().map(Deque::peekFirst).toList();
      List<CompletableFuture<?>> sends = wave.stream().map(this::send).toList();
      awaitAll(sends);
      for (int i = 0; i < wave.size(); i++) {
        Row row = wave.get(i);
        Throwable error = failureOf(sends.get(i));
        if (error == null) {
          acknowledged.add(row);
          Deque<Row> rest = byAggregate.get(row.aggregateId());
          rest.removeFirst();
          if (rest.isEmpty()) {
            byAggregate.remove(row.aggregateId());
          }
        }
        else {
          failed.add(new Failure(row, error));
          byAggregate.remove(row.aggregateId()); // its later rows wait for it
        }
      }
      if (acknowledged.isEmpty() && failed.stream().allMatch(Failure::passing) && !failed.isEmpty()) {
        // nothing got through and nothing says the rows are at fault: the broker is away; blame no row
        return new Batch(rows.size(), true, failed.get(0).error());
      }
    }
    if (!acknowledged.isEmpty()) {
      jdbc.sql("UPDATE outbox_events SET published_at = now() WHERE seq IN (:seqs)")
          .param("seqs", acknowledged.stream().map(Row::seq).toList()).update();
    }
    Instant now = Instant.now();
    acknowledged.forEach(row -> publishLag.record(Duration.between(row.createdAt(), now)));
    published.increment(acknowledged.size());
    failed.forEach(this::recordFailure);
    return new Batch(rows.size(), false, null);
  }

  private CompletableFuture<?> send(Row row) {
    try {
      return traces.continuing(row.traceparent(), () -> kafka.send(row.topic(), row.aggregateId(), row.envelope()));
    }
    catch (RuntimeException ex) {
      // the producer refuses some records before any future exists (e.g. serialization, an invalid record)
      return CompletableFuture.failedFuture(ex);
    }
  }

  private void awaitAll(List<CompletableFuture<?>> sends) {
    try {
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
          .get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
    catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the broker", ex);
    }
    catch (ExecutionException | TimeoutException ex) {
      // some sends failed or did not finish in time: each row's own future says which below
    }
  }

  private static @Nullable Throwable failureOf(CompletableFuture<?> send) {
    if (!send.isDone()) {
      return new TimeoutException("no acknowledgement within the send timeout");
    }
    try {
      send.getNow(null);
      return null;
    }
    catch (RuntimeException ex) {
      return ex.getCause() == null ? ex : ex.getCause();
    }
  }

  private void recordFailure(Failure failure) {
    rowFailures.increment();
    Row row = failure.row();
    int attempts = row.attempts() + 1;
    boolean park = attempts >= settings.maxAttempts();
    // 1, 2, 4 … times the first delay, capped
    long factor = 1L << Math.min(attempts - 1, 20);
    Duration delay = settings.retryDelay().multipliedBy(factor);
    if (delay.compareTo(settings.maxRetryDelay()) > 0) {
      delay = settings.maxRetryDelay();
    }
    // the broker's own reason (InvalidTopicException, RecordTooLargeException…), not the template's "Send failed"
    String error = NestedExceptionUtils.getMostSpecificCause(failure.error()).toString();
    jdbc.sql("""
        UPDATE outbox_events SET attempts = :attempts, last_error = :error,
               next_attempt_at = now() + make_interval(secs => :delay),
               parked_at = CASE WHEN :park THEN now() END
         WHERE seq = :seq
        """)
        .param("attempts", attempts)
        .param("error", error.length() > 1000 ? error.substring(0, 1000) : error)
        .param("delay", delay.toMillis() / 1000.0)
        .param("park", park)
        .param("seq", row.seq())
        .update();
    if (park) {
      log.error("Outbox row {} of aggregate {} for topic {} parked after {} attempts; its aggregate's later events "
          + "wait behind it (runbook ShopScaleOutboxRowsParked): {}", row.seq(), row.aggregateId(), row.topic(),
          attempts, error);
    }
    else {
      log.warn("Outbox row {} of aggregate {} for topic {} not acknowledged (attempt {}), retrying in {}: {}",
          row.seq(), row.aggregateId(), row.topic(), attempts, delay, error);
      Instant due = Instant.now().plus(delay);
      if (due.isBefore(nextRetry)) {
        nextRetry = due;
      }
    }
  }

  // Every housekeepingInterval: refresh the gauges from the partial indexes. Retention is not the relay's: whole day
  // partitions are dropped by OutboxPartitions.
  private void housekeeping() {
    Instant now = Instant.now();
    if (now.isBefore(nextHousekeeping)) {
      return;
    }
    nextHousekeeping = now.plus(settings.housekeepingInterval());
    background.run(() -> {
      backlog.set(jdbc.sql("SELECT count(*) FROM outbox_events WHERE published_at IS NULL AND parked_at IS NULL")
          .query(Long.class).single());
      parked.set(jdbc.sql("SELECT count(*) FROM outbox_events WHERE published_at IS NULL AND parked_at IS NOT NULL")
          .query(Long.class).single());
    });
  }

  record Batch(int claimed, boolean brokerUnavailable, @Nullable Throwable failure) {
    static final Batch EMPTY = new Batch(0, false, null);
  }

  private record Failure(Row row, Throwable error) {

    /** A failure that can pass by itself (broker or leader away, a timeout); anything else is the row's. */
    boolean passing() {
      for (Throwable cause = error; cause != null; cause = cause.getCause()) {
        if (cause instanceof RetriableException || cause instanceof TimeoutException) {
          return true;
        }
      }
      return false;
    }
  }

  private record Row(long seq, String aggregateId, String topic, String envelope, Instant createdAt,
      @Nullable String traceparent, int attempts) {
  }
}
