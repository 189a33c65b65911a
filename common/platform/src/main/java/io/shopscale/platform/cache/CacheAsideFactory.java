package io.shopscale.platform.cache;

import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Makes the named caches of a service; each cache is created once, at start-up, by the code that owns the data. */
public final class CacheAsideFactory {

  private final StringRedisTemplate redis;
  private final JsonMapper json;
  private final CacheSettings settings;
  private final String keyPrefix;
  private final MeterRegistry meters;

  CacheAsideFactory(StringRedisTemplate redis, JsonMapper json, CacheSettings settings, String keyPrefix,
      MeterRegistry meters) {
    this.redis = redis;
    this.json = json;
    this.settings = settings;
    this.keyPrefix = keyPrefix;
    this.meters = meters;
  }

  /** This service's namespace in Redis, for other keys it keeps there beside its caches. */
  public String keyPrefix() {
    return keyPrefix;
  }

  public <V> CacheAside<V> create(String name, Class<V> type) {
    return new CacheAside<>(name, type, null, keyPrefix, redis, json, settings, meters);
  }

  /** A cache whose write-through never replaces a newer version with an older one (see {@link CacheAside}). */
  public <V> CacheAside<V> createVersioned(String name, Class<V> type, ToLongFunction<V> versionOf) {
    return new CacheAside<>(name, type, versionOf, keyPrefix, redis, json, settings, meters);
  }
}
