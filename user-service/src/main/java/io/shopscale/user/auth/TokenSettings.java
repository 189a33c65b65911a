package io.shopscale.user.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param accessTtl lifetime of an access token; also how long a revoked role or a retired signing key can live on
 * @param refreshTtl lifetime of each refresh token; every rotation starts a new one
 * @param sessionMax the longest a session (a login and its chain of refreshes) lasts, however often it refreshes
 */
@ConfigurationProperties("shopscale.user.tokens")
record TokenSettings(@DefaultValue("15m") Duration accessTtl, @DefaultValue("7d") Duration refreshTtl,
    @DefaultValue("30d") Duration sessionMax) {
}
