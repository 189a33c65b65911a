package io.shopscale.gateway.edge;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param trustedProxies IP addresses or CIDR blocks of the load balancers in front of the gateway; only their
 *     {@code X-Forwarded-For} and {@code X-Forwarded-Proto} are believed
 * @param maxRequestSize the largest request body accepted (413 above it)
 * @param hstsMaxAge how long browsers keep to HTTPS once they saw the gateway over TLS
 */
@ConfigurationProperties("shopscale.gateway.edge")
public record EdgeSettings(
    @DefaultValue({
    }) List<String> trustedProxies,
    @DefaultValue("1MB") DataSize maxRequestSize,
    @DefaultValue("365d") Duration hstsMaxAge) {
}
