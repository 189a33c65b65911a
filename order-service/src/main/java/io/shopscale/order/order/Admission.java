package io.shopscale.order.order;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.platform.web.Problems;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.ErrorResponseException;

/**
 * Admission control for placements: beyond capacity, refuse new orders at once (503 + Retry-After) instead of
 * accepting orders the saga can only settle after their timeout. Accepting everything lets the queue in front of the
 * saga grow for as long as the overload lasts, until every order waits past the timeout and none is confirmed.
 *
 * <p>The signal is CoDel's: the <em>shortest</em> time from placement to outcome among the orders settled in the last
 * one or two intervals. A standing queue shows as every order being slow; one stuck order (a slow card, a
 * dead-lettered event) does not, because the others still settle quickly. While the broker is down nothing settles,
 * so nothing is refused: the outbox holds the events and the saga's clock has not started (docs/api.md). Each replica
 * decides from the orders it settles itself, which, with partitions spread over the replicas, sample the same queue.
 */
@Component
class Admission {

  private final AdmissionSettings settings;
  private final Clock clock;
  private final Counter refused;
  // the shortest settlement time in the current and in the previous interval (null: none settled in it)
  private Instant currentStart = Instant.MIN;
  private @Nullable Duration currentMin;
  private @Nullable Duration previousMin;

  Admission(AdmissionSettings settings, Clock clock, MeterRegistry meters) {
    this.settings = settings;
    this.clock = clock;
    this.refused = Counter.builder("shopscale.order.admission.refused")
        .description("placements refused with 503 because the saga settles orders slower than its target")
        .register(meters);
  }

  /** Throws {@link SagaBehind} (503) while the saga falls behind. */
  void admit() {
    if (settings.enabled() && behind()) {
      refused.increment();
      throw new SagaBehind(settings.interval());
    }
  }

  @TransactionalEventListener
  void settled(Order.Confirmed confirmed) {
    record(Duration.between(confirmed.placedAt(), confirmed.at()));
  }

  @TransactionalEventListener
  void settled(Order.Cancelled cancelled) {
    if (cancelled.reason() != FailureReason.CANCELLED_BY_CUSTOMER
        && cancelled.reason() != FailureReason.CANCELLED_BY_ADMIN) {
      record(Duration.between(cancelled.placedAt(), cancelled.at()));
    }
  }

  private synchronized void record(Duration took) {
    roll();
    if (currentMin == null || took.compareTo(currentMin) < 0) {
      currentMin = took;
    }
  }

  private synchronized boolean behind() {
    roll();
    Duration shortest = currentMin == null
        ? previousMin
        : previousMin == null || currentMin.compareTo(previousMin) < 0 ? currentMin : previousMin;
    return shortest != null && shortest.compareTo(settings.target()) > 0;
  }

  private void roll() {
    Instant now = clock.instant();
    Instant end = currentStart.plus(settings.interval());
    if (now.isBefore(end)) {
      return;
    }
    // a whole interval with no settlement in between forgets the older one too
    previousMin = now.isBefore(end.plus(settings.interval())) ? currentMin : null;
    currentMin = null;
    currentStart = now;
  }

  /** 503: the order was not taken; nothing was stored and the same Idempotency-Key may be sent again. */
  static final class SagaBehind extends ErrorResponseException {
    SagaBehind(Duration retryAfter) {
      super(HttpStatus.SERVICE_UNAVAILABLE, Problems.of(HttpStatus.SERVICE_UNAVAILABLE,
          "Orders are coming in faster than they can be settled; nothing was ordered. Retry after "
              + seconds(retryAfter) + " s with the same Idempotency-Key."),
          null);
      getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(seconds(retryAfter)));
    }

    private static long seconds(Duration duration) {
      return Math.max(1, (duration.toMillis() + 999) / 1000);
    }
  }
}
