package io.shopscale.gateway.resilience;

import java.time.Duration;
import java.util.List;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory.NameConfig;
import org.springframework.stereotype.Component;

/**
 * {@code Bulkhead=<name>} in a route's filters, after its {@code CircuitBreaker}: at most
 * {@code shopscale.gateway.resilience.bulkheads.<name>} calls in flight, so one slow service cannot hold every
 * connection and thread of the gateway. A full bulkhead fails at once and the breaker answers 503; queueing would
 * only move the wait into the gateway. (Spring Cloud's bulkhead provider keys bulkheads by breaker group, and the
 * gateway's breakers all share one group, so it cannot give routes their own.)
 */
@Component
class BulkheadGatewayFilterFactory extends AbstractGatewayFilterFactory<NameConfig> {

  private final ResilienceSettings settings;
  private final BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();

  BulkheadGatewayFilterFactory(ResilienceSettings settings, MeterRegistry meters) {
    super(NameConfig.class);
    this.settings = settings;
    TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(meters);
  }

  @Override
  public GatewayFilter apply(NameConfig config) {
    String name = config.getName();
    Integer limit = settings.bulkheads().get(name);
    if (limit == null) {
      throw new IllegalArgumentException(
          "No shopscale.gateway.resilience.bulkheads." + name + " for the route's Bulkhead");
    }
    Bulkhead bulkhead = bulkheads.bulkhead(name,
        BulkheadConfig.custom().maxConcurrentCalls(limit).maxWaitDuration(Duration.ZERO).build());
    return (exchange, chain) -> chain.filter(exchange).transformDeferred(BulkheadOperator.of(bulkhead));
  }

  @Override
  public List<String> shortcutFieldOrder() {
    return List.of(NAME_KEY);
  }

  @Override
  public String name() {
    return "Bulkhead";
  }
}
