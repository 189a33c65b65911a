package io.shopscale.platform.cache;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled false turns every cache into a pass-through to the loader (benchmarks, debugging)
 * @param keyPrefix namespace of this service's keys in a shared Redis; defaults to {@code spring.application.name}
 * @param ttl how long a value lives; each write adds up to {@code ttlJitter} of it either way so keys written
 *     together do not expire together
 * @param ttlJitter the share of {@code ttl} (0 to 1) each write's lifetime is randomized by, either way
 * @param negativeTtl how long "there is no such thing" is remembered; short, because a create must show soon
 */
@ConfigurationProperties("shopscale.cache")
public record CacheSettings(
    @DefaultValue("true") boolean enabled,
    @Nullable String keyPrefix,
    @DefaultValue("10m") Duration ttl,
    @DefaultValue("0.2") double ttlJitter,
    @DefaultValue("30s") Duration negativeTtl) {
}
