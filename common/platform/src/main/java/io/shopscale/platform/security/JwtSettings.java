package io.shopscale.platform.security;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the signing keys are published and which tokens are meant for us.
 *
 * @param jwksUri user-service's JWK Set, the public keys access tokens are verified with
 * @param issuer the {@code iss} every accepted token carries
 * @param audience a value the {@code aud} of every accepted token contains
 * @param jwksTtl how long the fetched JWK Set is used before it is fetched again
 * @param jwksMinRefetchInterval the shortest time between two fetches of the JWK Set: a token with an unknown
 *     {@code kid} fetches it again at most this often (also how long a newly rotated-in key may go unrecognised)
 */
@ConfigurationProperties("shopscale.security.jwt")
public record JwtSettings(
    @DefaultValue("http://localhost:8081/.well-known/jwks.json") URI jwksUri,
    @DefaultValue("shopscale") String issuer,
    @DefaultValue("shopscale") String audience,
    @DefaultValue("5m") Duration jwksTtl,
    @DefaultValue("10s") Duration jwksMinRefetchInterval) {
}
