package io.shopscale.order.order;

import java.time.Clock;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.shopscale.platform.jobs.BackgroundWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Housekeeping: keeps idempotency_keys from growing with every placement by deleting keys past their retention.
 * It only reclaims space: {@link IdempotencyKeys} already ignores an expired key, so how often this runs changes
 * no answer. Safe with several instances of the service: batches skip the rows another instance is deleting.
 */
@Component
class IdempotencyKeyPurge {

  private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyPurge.class);

  private final IdempotencyKeys keys;
  private final BackgroundWork background;
  private final OrderSettings settings;
  private final Clock clock;
  private final Timer purges;
  private final Counter purged;

  IdempotencyKeyPurge(IdempotencyKeys keys, BackgroundWork background, OrderSettings settings, Clock clock,
      MeterRegistry meters) {
    this.keys = keys;
    this.background = background;
    this.settings = settings;
    this.clock = clock;
    this.purges = Timer.builder("shopscale.order.idempotency.purges").description("idempotency key purge runs")
        .register(meters);
    this.purged = Counter.builder("shopscale.order.idempotency.keys.purged")
        .description("expired idempotency keys deleted").register(meters);
  }

  // Not at startup, which has enough to do; the first run is one period after boot. Instances running it at the
  // same moment are harmless (SKIP LOCKED).
  @Scheduled(fixedDelayString = "${shopscale.order.idempotency-key-purge-every:10m}", initialDelayString = "${shopscale.order.idempotency-key-purge-every:10m}")
  void purge() {
    purges.record(this::purgeOnce);
  }

  private void purgeOnce() {
    // one cutoff per run, so the loop ends even while new keys keep expiring
    Instant cutoff = clock.instant().minus(settings.idempotencyKeyRetention());
    int batch = settings.idempotencyKeyPurgeBatch();
    int deleted;
    int total = 0;
    do {
      deleted = forgetBatch(cutoff, batch);
      total += deleted;
    } while (deleted == batch);
    if (total > 0) {
      purged.increment(total);
      log.info("Deleted {} idempotency keys older than {}", total, settings.idempotencyKeyRetention());
    }
  }

  // one statement, one short transaction, bounded by the background statement timeout
  private int forgetBatch(Instant cutoff, int batch) {
    return background.execute(status -> keys.forgetOlderThan(cutoff, batch));
  }
}
