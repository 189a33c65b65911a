package io.shopscale.order.pricing;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param url inventory-service's base address
 * @param connectTimeout the time limit of opening a connection to inventory-service
 * @param readTimeout the time limit of one price lookup (one attempt)
 */
@ConfigurationProperties("shopscale.order.inventory")
record InventorySettings(URI url, @DefaultValue("500ms") Duration connectTimeout,
    @DefaultValue("800ms") Duration readTimeout) {
}
