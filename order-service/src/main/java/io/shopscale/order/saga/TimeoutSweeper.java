package io.shopscale.order.saga;

import java.time.Clock;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.shopscale.order.order.OrderService;
import io.shopscale.platform.jobs.BackgroundWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Cancels orders the saga did not settle in time after their OrderPlaced reached Kafka (a lost or very late payment
 * answer, a service down): the order ends PAYMENT_TIMEOUT, inventory releases its stock and payment refunds a charge
 * that succeeds afterwards, both on the OrderCancelled this emits. Safe with several replicas (the batch is claimed
 * with SKIP LOCKED).
 *
 * <p>It looks every {@code sweepEvery} but queries only when an order can be due: no order times out before the oldest
 * PENDING one was placed + the timeout, and an order placed after a sweep not before that sweep + the timeout. So an
 * idle service sweeps once per timeout instead of once a second (issue #13's idle budget), and a busy one as before.
 */
@Component
class TimeoutSweeper {

  private static final Logger log = LoggerFactory.getLogger(TimeoutSweeper.class);

  private final OrderService orders;
  private final BackgroundWork background;
  private final SagaSettings settings;
  private final Clock clock;
  private final Timer sweeps;
  private final Counter timedOut;
  // Only the scheduler's one run at a time reads and writes it (fixed delay).
  private volatile Instant nextDue = Instant.MIN;

  TimeoutSweeper(OrderService orders, BackgroundWork background, SagaSettings settings, Clock clock,
      MeterRegistry meters) {
    this.orders = orders;
    this.background = background;
    this.settings = settings;
    this.clock = clock;
    this.sweeps = Timer.builder("shopscale.order.saga.sweeps").description("timeout sweeper runs").register(meters);
    this.timedOut = Counter.builder("shopscale.order.saga.timeouts")
        .description("orders the sweeper cancelled with PAYMENT_TIMEOUT").register(meters);
  }

  @Scheduled(fixedDelayString = "${shopscale.order.saga.sweep-every:1s}")
  void sweep() {
    Instant now = clock.instant();
    if (now.isBefore(nextDue)) {
      return;
    }
    sweeps.record(() -> sweepOnce(now));
  }

  private void sweepOnce(Instant now) {
    Instant announcedBefore = now.minus(settings.timeout());
    int cancelled;
    int total = 0;
    do {
      cancelled = cancelBatch(announcedBefore);
      total += cancelled;
    } while (cancelled == settings.sweepBatch());
    if (total > 0) {
      timedOut.increment(total);
      log.warn("Cancelled {} orders still PENDING after {} (PAYMENT_TIMEOUT)", total, settings.timeout());
    }
    // Read after the cancellations; a placement still committing meanwhile (its clock read before `now`) is swept
    // at most its own transaction's length late. A failure above leaves nextDue as it was: the next tick retries.
    nextDue = orders.oldestPendingPlacement()
        .map(placed -> placed.plus(settings.timeout()))
        .filter(due -> due.isBefore(now.plus(settings.timeout())))
        .orElse(now.plus(settings.timeout()));
  }

  // a batch stuck behind a lock gives up after the background statement timeout; the next sweep tries again
  private int cancelBatch(Instant announcedBefore) {
    return background.execute(status -> orders.cancelTimedOut(announcedBefore, settings.sweepBatch()));
  }
}
