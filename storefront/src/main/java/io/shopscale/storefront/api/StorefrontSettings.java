package io.shopscale.storefront.api;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the storefront reaches the public API.
 *
 * @param apiUrl the gateway's base address; the storefront calls it like any other client (never a service directly)
 * @param connectTimeout how long to wait for a connection to the gateway
 * @param readTimeout how long to wait for an answer; above the gateway's own route timeout (5 s), so the gateway's 503
 *     problem arrives before the storefront gives up
 */
@ConfigurationProperties("shopscale.storefront")
public record StorefrontSettings(@DefaultValue("http://localhost:8080") URI apiUrl,
    @DefaultValue("2s") Duration connectTimeout, @DefaultValue("8s") Duration readTimeout) {
}
