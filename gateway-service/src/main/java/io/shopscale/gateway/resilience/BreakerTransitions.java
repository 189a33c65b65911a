package io.shopscale.gateway.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.stereotype.Component;

/**
 * One log line each time a route's breaker changes state. While a breaker is open every call on its routes is answered
 * 503 within milliseconds without reaching the service; without this line such answers cannot be told apart from the
 * service's own 503s (the gauge {@code resilience4j_circuitbreaker_state} shows the state, not when it changed).
 */
@Component
class BreakerTransitions {

  private static final Logger log = LoggerFactory.getLogger(BreakerTransitions.class);

  private final long openForMillis;

  BreakerTransitions(ReactiveResilience4JCircuitBreakerFactory factory, ResilienceSettings settings) {
    this.openForMillis = settings.openFor().toMillis();
    // the factory creates a route's breaker at its first call: watch those made and those to come
    var registry = factory.getCircuitBreakerRegistry();
    registry.getAllCircuitBreakers().forEach(this::watch);
    registry.getEventPublisher().onEntryAdded(added -> watch(added.getAddedEntry()));
  }

  private void watch(CircuitBreaker breaker) {
    breaker.getEventPublisher().onStateTransition(event -> {
      State to = event.getStateTransition().getToState();
      var metrics = breaker.getMetrics();
      if (to == State.OPEN || to == State.FORCED_OPEN) {
        log.warn("Circuit breaker {} {} -> {}: failure rate {} %, slow-call rate {} %; its routes answer 503 "
            + "without calling the service for {} ms", breaker.getName(), event.getStateTransition().getFromState(), to,
            metrics.getFailureRate(), metrics.getSlowCallRate(), openForMillis);
      }
      else {
        log.info("Circuit breaker {} {} -> {}", breaker.getName(), event.getStateTransition().getFromState(), to);
      }
    });
  }
}
