package io.shopscale.user.account;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param concurrency how many Argon2 computations run at once; each takes 7 MiB and a core for tens of
 *     milliseconds, so with virtual threads an unbounded burst of logins would exhaust memory
 * @param maxWait how long a request waits for a slot before it is answered 503 with Retry-After; well inside the
 *     gateway's route time limit (5 s), so the caller gets this 503 and its Retry-After rather than the gateway's
 *     time-out, which the gateway counts as user-service failing (at 5 s the two raced)
 */
@ConfigurationProperties("shopscale.user.password-hashing")
record PasswordHashingSettings(@DefaultValue("4") int concurrency, @DefaultValue("2s") Duration maxWait) {
}
