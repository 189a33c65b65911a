package io.shopscale.platform.openapi;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a service's OpenAPI document says about the service itself; its title is {@code spring.application.name}.
 *
 * @param version the document's {@code info.version}: the project version the service was built from
 * @param description the document's {@code info.description}: what the service is for, in a few sentences
 */
@ConfigurationProperties("shopscale.openapi")
public record OpenApiSettings(
    @DefaultValue("0.0.0") String version,
    @DefaultValue("") String description) {
}
