package io.shopscale.platform.outbox;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes outbox rows to Kafka, oldest first, keyed by aggregate id, at least once.
 *
 * <p>Any number of relays (one per service replica) may run against one table. Each batch runs in a transaction
 * that takes a transaction-scoped advisory lock per aggregate while it claims that aggregate's rows; another relay
 * skips rows of locked aggregates, so it can never publish a later event of an aggregate before an earlier one is
 * acknowledged and marked. A batch is marked published only after Kafka acknowledged all of it; a crash or broker
 * failure before that rolls the marks back and the batch is sent again (consumers are idempotent). While the
 * broker is down the relay backs off exponentially and the backlog stays in the table.
 */
final class OutboxRelay implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private static final String CLAIM = """
      SELECT seq, aggregate_id, topic, envelope, created_at, traceparent FROM outbox_events
       WHERE published_at IS NULL
         AND pg_try_advisory_xact_lock(hashtextextended('shopscale.outbox:' || aggregate_id, 0))
       ORDER BY seq
       LIMIT ?
      """;

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final KafkaTemplate<String, String> kafka;
  private final OutboxSettings settings;
  private final TraceContinuation traces;
  private final Timer publishLag;
  private final Counter published;
  private final Counter failures;
  private final AtomicLong backlog = new AtomicLong();
  private @Nullable ScheduledExecutorService loop;
  private volatile boolean running;
  private Duration backoff = Duration.ZERO;
  private Instant nextHousekeeping = Instant.MIN;

  OutboxRelay(JdbcClient jdbc, TransactionTemplate transactions, KafkaTemplate<String, String> kafka,
      OutboxSettings settings, MeterRegistry meters, TraceContinuation traces) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.kafka = kafka;
    this.settings = settings;
    this.traces = traces;
    this.publishLag = Timer.builder("shopscale.outbox.publish.lag").publishPercentileHistogram()
        .description("time from the outbox insert to the broker's acknowledgement").register(meters);
    this.published = meters.counter("shopscale.outbox.published");
    this.failures = meters.counter("shopscale.outbox.failures");
    meters.gauge("shopscale.outbox.backlog", backlog);
  }

  @Override
  public void start() {
    running = true;
    loop = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "outbox-relay");
      thread.setDaemon(true);
      return thread;
    });
    loop.schedule(this::runOnce, 0, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    running = false;
    if (loop != null) {
      loop.shutdownNow();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void runOnce() {
    Duration delay;
    try {
      housekeeping();
      int count = publishBatch();
      if (backoff.compareTo(Duration.ZERO) > 0) {
        log.info("Outbox relay publishes again");
      }
      backoff = Duration.ZERO;
      // a full batch means more is waiting: go on at once
      delay = count == settings.batchSize() ? Duration.ZERO : settings.pollInterval();
    }
    catch (RuntimeException ex) {
      failures.increment();
      if (backoff.isZero()) {
        log.warn("Outbox relay cannot publish; keeping the backlog and retrying with back-off: {}", ex.toString());
      }
      Duration doubled = backoff.isZero() ? settings.pollInterval().multipliedBy(2) : backoff.multipliedBy(2);
      backoff = doubled.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : doubled;
      delay = backoff;
    }
    if (running && loop != null) {
      loop.schedule(this::runOnce, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Claims, sends and marks one batch in one transaction; returns how many rows it published. */
  int publishBatch() {
    Integer count = transactions.execute(status -> {
      List<Row> rows = jdbc.sql(CLAIM).param(settings.batchSize()).query((rs, n) -> new Row(rs.getLong("seq"),
          rs.getString("aggregate_id"), rs.getString("topic"), rs.getString("envelope"),
          rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getString("traceparent"))).list();
      if (rows.isEmpty()) {
        return 0;
      }
      List<CompletableFuture<?>> sends = rows.stream()
          .<CompletableFuture<?>>map(row -> traces.continuing(row.traceparent(),
              () -> kafka.send(row.topic(), row.aggregateId(), row.envelope())))
          .toList();
      awaitAcknowledgements(sends);
      jdbc.sql("UPDATE outbox_events SET published_at = now() WHERE seq IN (:seqs)")
          .param("seqs", rows.stream().map(Row::seq).toList()).update();
      Instant now = Instant.now();
      rows.forEach(row -> publishLag.record(Duration.between(row.createdAt(), now)));
      published.increment(rows.size());
      return rows.size();
    });
    return count == null ? 0 : count;
  }

  private void awaitAcknowledgements(List<CompletableFuture<?>> sends) {
    try {
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
          .get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
    catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the broker", ex);
    }
    catch (ExecutionException | TimeoutException ex) {
      throw new IllegalStateException("The broker did not acknowledge the batch", ex);
    }
  }

  // Once a second: refresh the backlog gauge and drop published rows past their retention.
  private void housekeeping() {
    Instant now = Instant.now();
    if (now.isBefore(nextHousekeeping)) {
      return;
    }
    nextHousekeeping = now.plusSeconds(1);
    backlog.set(jdbc.sql("SELECT count(*) FROM outbox_events WHERE published_at IS NULL").query(Long.class).single());
    jdbc.sql("DELETE FROM outbox_events WHERE published_at < now() - make_interval(secs => ?)")
        .param(settings.retention().toSeconds()).update();
  }

  private record Row(long seq, String aggregateId, String topic, String envelope, Instant createdAt,
      @Nullable String traceparent) {
  }
}
