package io.shopscale.platform.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.shopscale.platform.jobs.BackgroundWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Housekeeping for every service's {@code processed_events}: deletes the rows of events that can no longer be
 * delivered again (older than the topic retention plus the replay horizon), so the table stops growing with every
 * consumed event. Bounded batches with SKIP LOCKED, oldest first: several instances purge side by side without
 * waiting on each other, and no statement holds many locks for long.
 */
final class ProcessedEventsPurge {

  private static final Logger log = LoggerFactory.getLogger(ProcessedEventsPurge.class);

  private final JdbcClient jdbc;
  private final BackgroundWork background;
  private final ProcessedEventsSettings settings;
  private final Clock clock;
  private final Timer purges;
  private final Counter purged;

  ProcessedEventsPurge(JdbcClient jdbc, BackgroundWork background, ProcessedEventsSettings settings, Clock clock,
      MeterRegistry meters) {
    this.jdbc = jdbc;
    this.background = background;
    this.settings = settings;
    this.clock = clock;
    this.purges = Timer.builder("shopscale.processed.events.purges").description("processed-event purge runs")
        .register(meters);
    this.purged = Counter.builder("shopscale.processed.events.purged")
        .description("processed-event rows deleted past the replay horizon").register(meters);
  }

  // The first run is one period after start-up, which has enough to do.
  @Scheduled(fixedDelayString = "${shopscale.processed-events.purge-every:10m}", initialDelayString = "${shopscale.processed-events.purge-every:10m}")
  void purge() {
    purges.record(this::purgeOnce);
  }

  private void purgeOnce() {
    // one cutoff per run, so the loop ends even while rows keep crossing it
    Instant cutoff = clock.instant().minus(settings.kept());
    int batch = settings.purgeBatch();
    int deleted;
    long total = 0;
    do {
      deleted = deleteBatch(cutoff, batch);
      total += deleted;
    } while (deleted == batch);
    if (total > 0) {
      purged.increment(total);
      log.info("Deleted {} processed events older than {}", total, settings.kept());
    }
  }

  // each batch its own short transaction, bounded by the background statement timeout
  private int deleteBatch(Instant cutoff, int batch) {
    return background.execute(status -> jdbc.sql("""
        DELETE FROM processed_events WHERE (consumer, event_id) IN (
          SELECT consumer, event_id FROM processed_events WHERE processed_at < ? ORDER BY processed_at LIMIT ?
          FOR UPDATE SKIP LOCKED)
        """).params(Timestamp.from(cutoff), batch).update());
  }
}
