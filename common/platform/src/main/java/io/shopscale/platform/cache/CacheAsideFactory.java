package io.shopscale.platform.cache;

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

  public <V> CacheAside<V> create(String name, Class<V> type) {
    return new CacheAside<>(name, type, keyPrefix, redis, json, settings, meters);
  }
}
