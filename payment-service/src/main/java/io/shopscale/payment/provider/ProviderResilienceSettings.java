package io.shopscale.payment.provider;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The guards around every provider call.
 *
 * @param timeout how long one call may take before it is abandoned and interrupted
 * @param retry retries after transient errors and timeouts
 * @param circuitBreaker the breaker that stops calling a failing provider
 * @param bulkhead the limit of concurrent provider calls
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
   * @param initialBackoff the wait before the first retry
   * @param multiplier each further wait is this many times the one before
   * @param jitter each wait is randomized by up to this share of itself
   * @param maxBackoff the longest wait between two attempts
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
   * @param halfOpenCalls trial calls that decide whether the breaker closes again
   * @param customerTimeoutWindow a customer's charge timeouts count toward the breaker at most once per this window
   *     (their retries and further slow cards are not counted): a slow provider slows many customers and still opens
   *     it, one customer's slow cards do not
   */
  record BreakerSettings(
      @DefaultValue("20") int slidingWindow,
      @DefaultValue("10") int minimumCalls,
      @DefaultValue("50") float failureRate,
      @DefaultValue("10s") Duration openFor,
      @DefaultValue("3") int halfOpenCalls,
      @DefaultValue("60s") Duration customerTimeoutWindow) {
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
