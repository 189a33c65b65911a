package io.shopscale.gateway.resilience;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Keyed by circuit-breaker name (the {@code name} of a route's {@code CircuitBreaker} filter).
 *
 * @param timeout the default route time limit: retries included, the client has its answer by then
 * @param timeouts per-route time limits
 * @param bulkheads per-route limits of concurrent calls (routes to slow services); unlisted routes have none
 * @param slidingWindow calls the failure rate is measured over
 * @param minimumCalls calls needed before the breaker may open
 * @param failureRate percentage of failed calls that opens the breaker
 * @param openFor how long an open breaker answers 503 at once before it lets trial calls through (half-open)
 * @param halfOpenCalls trial calls that decide whether the breaker closes again
 */
@ConfigurationProperties("shopscale.gateway.resilience")
record ResilienceSettings(
    @DefaultValue("5s") Duration timeout,
    @DefaultValue({
    }) Map<String, Duration> timeouts,
    @DefaultValue({}) Map<String, Integer> bulkheads,
    @DefaultValue("20") int slidingWindow,
    @DefaultValue("10") int minimumCalls,
    @DefaultValue("50") float failureRate,
    @DefaultValue("10s") Duration openFor,
    @DefaultValue("3") int halfOpenCalls) {

  Duration timeoutFor(String route) {
    return timeouts.getOrDefault(route, timeout);
  }

  /** Whole seconds for {@code Retry-After}: by then an open breaker lets trial calls through. */
  long retryAfterSeconds() {
    return Math.max(1, (openFor.toMillis() + 999) / 1000);
  }
}
