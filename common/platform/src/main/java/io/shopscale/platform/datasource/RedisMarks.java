package io.shopscale.platform.datasource;

import java.time.Duration;

import org.springframework.data.redis.core.StringRedisTemplate;

/** Read-your-writes marks in Redis, so every instance of the service honours them. */
final class RedisMarks implements ReadYourWrites.SharedMarks {

  private final StringRedisTemplate redis;
  private final String keyPrefix;

  RedisMarks(StringRedisTemplate redis, String keyPrefix) {
    this.redis = redis;
    this.keyPrefix = keyPrefix + ":ryw:";
  }

  @Override
  public void mark(String user, Duration window) {
    redis.opsForValue().set(keyPrefix + user, "1", window);
  }

  @Override
  public boolean marked(String user) {
    return Boolean.TRUE.equals(redis.hasKey(keyPrefix + user));
  }
}
