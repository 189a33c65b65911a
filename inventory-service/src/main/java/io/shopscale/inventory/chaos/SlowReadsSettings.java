package io.shopscale.inventory.chaos;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled whether the switch ({@code PUT /internal/chaos/product-reads}, administrators only) exists at all: on
 *     in the {@code local} profile only, never in compose or Kubernetes
 * @param delay what {@code SLOW} adds to each {@code GET /api/products/{id}} and {@code /api/products/prices}: past
 *     order-service's read timeout (800 ms), so its price lookups time out, are retried and open its inventory
 *     breaker
 */
@ConfigurationProperties("shopscale.inventory.run-time-switch")
record SlowReadsSettings(@DefaultValue("false") boolean enabled, @DefaultValue("1500ms") Duration delay) {
}
