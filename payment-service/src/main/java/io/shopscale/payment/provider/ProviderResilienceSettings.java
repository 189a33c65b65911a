package io.shopscale.payment.provider;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The guards around every provider call.
 *
 * @param timeout how long one call may take before it is abandoned and interrupted
 */
@ConfigurationProperties("shopscale.payment.provider.resilience")
record ProviderResilienceSettings(
    @DefaultValue("2s") Duration timeout,
    @DefaultValue RetrySettings retry,
    @DefaultValue BreakerSettings circuitBreaker,
    @DefaultValue BulkheadSettings bulkhead) {

  /**
   * Retries after transient errors and timeouts only, with exponential backoff and jitter so that callers that failed
   * together do not retry together.
   *
   * @param maxAttempts attempts in all, the first one included
   * @param jitter each wait is randomized by up to this share of itself
   */
  record RetrySettings(
      @DefaultValue("3") int maxAttempts,
      @DefaultValue("200ms") Duration initialBackoff,
      @DefaultValue("2.0") double multiplier,
      @DefaultValue("0.5") double jitter,
      @DefaultValue("2s") Duration maxBackoff) {
  }

  /**
   * @param slidingWindow the last calls the failure rate is computed over
   * @param minimumCalls calls needed in the window before the breaker may open
   * @param failureRate percentage of failed calls (errors and timeouts) that opens the breaker
   * @param openFor how long an open breaker refuses calls before letting {@code halfOpenCalls} trial calls through
   */
  record BreakerSettings(
      @DefaultValue("20") int slidingWindow,
      @DefaultValue("10") int minimumCalls,
      @DefaultValue("50") float failureRate,
      @DefaultValue("10s") Duration openFor,
      @DefaultValue("3") int halfOpenCalls) {
  }

  /**
   * @param maxConcurrentCalls calls in flight to the provider at once
   * @param maxWait how long a call waits for a free slot before it counts as rejected (and may be retried)
   */
  record BulkheadSettings(
      @DefaultValue("10") int maxConcurrentCalls,
      @DefaultValue("500ms") Duration maxWait) {
  }
}
