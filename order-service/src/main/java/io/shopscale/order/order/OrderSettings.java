package io.shopscale.order.order;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param currency the deployment's one currency; catalog prices are in it
 * @param idempotencyKeyRetention how long a key keeps answering with its order (API.md: 24 h)
 */
@ConfigurationProperties("shopscale.order")
record OrderSettings(@DefaultValue("USD") String currency, @DefaultValue("24h") Duration idempotencyKeyRetention) {
}
