package io.shopscale.platform.cache;

import java.time.Duration;
import java.util.Map;

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
 * @param caches settings of one named cache, by its name (e.g. {@code caches.product.near.ttl}); a cache not named
 *     here has only the Redis level
 */
@ConfigurationProperties("shopscale.cache")
public record CacheSettings(
    @DefaultValue("true") boolean enabled,
    @Nullable String keyPrefix,
    @DefaultValue("10m") Duration ttl,
    @DefaultValue("0.2") double ttlJitter,
    @DefaultValue("30s") Duration negativeTtl,
    @DefaultValue Map<String, Named> caches) {

  /**
   * @param near an in-process (L1) cache in front of Redis for this cache; there is none unless one of its
   *     properties is set
   */
  public record Named(@Nullable Near near) {
  }

  /**
   * @param enabled false keeps the settings but turns the near cache off (the Redis level alone, as if unset)
   * @param ttl how long this instance keeps a value without asking Redis: the bound on how stale it can serve a value
   *     whose invalidation never reached it
   * @param maxSize how many values this instance keeps (least recently and frequently used go first)
   */
  public record Near(@DefaultValue("true") boolean enabled, @DefaultValue("5s") Duration ttl,
      @DefaultValue("10000") long maxSize) {
  }

  @Nullable
  Near near(String cache) {
    Named named = caches.get(cache);
    Near near = named == null ? null : named.near();
    return near == null || !near.enabled() ? null : near;
  }
}
