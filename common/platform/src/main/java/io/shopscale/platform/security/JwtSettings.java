package io.shopscale.platform.security;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the signing keys are published and which tokens are meant for us.
 *
 * @param jwksUri user-service's JWK Set, the public keys access tokens are verified with
 * @param issuer the {@code iss} every accepted token carries
 * @param audience a value the {@code aud} of every accepted token contains
 */
@ConfigurationProperties("shopscale.security.jwt")
public record JwtSettings(
    @DefaultValue("http://localhost:8081/.well-known/jwks.json") URI jwksUri,
    @DefaultValue("shopscale") String issuer,
    @DefaultValue("shopscale") String audience) {
}
