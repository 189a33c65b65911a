package io.shopscale.user.account;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param concurrency how many Argon2 computations run at once; each takes 7 MiB and a core for tens of
 *     milliseconds, so with virtual threads an unbounded burst of logins would exhaust memory
 * @param maxWait how long a request waits for a slot before it is answered 503 with Retry-After
 */
@ConfigurationProperties("shopscale.user.password-hashing")
record PasswordHashingSettings(@DefaultValue("4") int concurrency, @DefaultValue("5s") Duration maxWait) {
}
