package io.shopscale.order.saga;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.shopscale.order.order.OrderService;

/**
 * Cancels orders the saga did not settle in time (a lost or very late payment answer, a service down): the order
 * ends PAYMENT_TIMEOUT, inventory releases its stock and payment refunds a charge that succeeds afterwards, both on
 * the OrderCancelled this emits. Safe with several replicas (the batch is claimed with SKIP LOCKED).
 */
@Component
class TimeoutSweeper {

  private static final Logger log = LoggerFactory.getLogger(TimeoutSweeper.class);

  private final OrderService orders;
  private final SagaSettings settings;
  private final Clock clock;

  TimeoutSweeper(OrderService orders, SagaSettings settings, Clock clock) {
    this.orders = orders;
    this.settings = settings;
    this.clock = clock;
  }

  @Scheduled(fixedDelayString = "${shopscale.order.saga.sweep-every:1s}")
  void sweep() {
    Instant placedBefore = clock.instant().minus(settings.timeout());
    int cancelled;
    int total = 0;
    do {
      cancelled = orders.cancelTimedOut(placedBefore, settings.sweepBatch());
      total += cancelled;
    } while (cancelled == settings.sweepBatch());
    if (total > 0) {
      log.warn("Cancelled {} orders still PENDING after {} (PAYMENT_TIMEOUT)", total, settings.timeout());
    }
    orders.forgetExpiredIdempotencyKeys();
  }
}
