package io.shopscale.payment.payment;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When an outstanding provider call (a charge, an unknown charge, a refund) is handed over again.
 *
 * @param recoverAfter a call handed over this long ago and still unanswered is handed over again (the JVM died, the
 *     pool was full); longer than a call can take with all its retries, so a healthy call is not duplicated (a
 *     duplicate would be harmless: every call carries the payment's idempotency key)
 * @param initialBackoff after a call that got no answer, the next one waits this long; each further unanswered call
 *     doubles the wait
 * @param maxBackoff the longest wait between two calls: the provider is asked at least this often, forever, because
 *     money is owed or may have been taken
 * @param stuckAfter a refund with this many unanswered calls counts as stuck ({@code shopscale_payment_refunds_stuck})
 */
@ConfigurationProperties("shopscale.payment.retry")
record RetrySettings(
    @DefaultValue("30s") Duration recoverAfter,
    @DefaultValue("30s") Duration initialBackoff,
    @DefaultValue("30m") Duration maxBackoff,
    @DefaultValue("3") int stuckAfter) {

  RetrySettings {
    if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("retry: need 0 < initial-backoff <= max-backoff");
    }
  }

  /** The wait after the {@code unanswered}-th unanswered call (1 for the first). */
  Duration backoffAfter(int unanswered) {
    int doublings = Math.min(Math.max(unanswered - 1, 0), 30);
    Duration wait = initialBackoff.multipliedBy(1L << doublings);
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}
