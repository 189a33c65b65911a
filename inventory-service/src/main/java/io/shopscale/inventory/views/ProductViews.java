package io.shopscale.inventory.views;

import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Counts product views in Redis ({@code HINCRBY}, one command per read) and reads the counts {@link ViewFlush} has
 * stored. A read never fails because of its count: with Redis down the view is not counted, and the miss is. With
 * {@code shopscale.inventory.views.enabled=false} nothing is counted.
 */
@Service
public class ProductViews {

  private final StringRedisTemplate redis;
  private final ViewKeys keys;
  private final JdbcClient jdbc;
  private final boolean enabled;
  private final Counter counted;
  private final Counter lost;

  ProductViews(StringRedisTemplate redis, ViewKeys keys, JdbcClient jdbc, ViewsSettings settings,
      MeterRegistry meters) {
    this.redis = redis;
    this.keys = keys;
    this.jdbc = jdbc;
    this.enabled = settings.enabled();
    this.counted = Counter.builder("shopscale.inventory.views.counted").description("product views counted in Redis")
        .register(meters);
    this.lost = Counter.builder("shopscale.inventory.views.lost")
        .description("product views not counted because Redis failed").register(meters);
  }

  public void count(UUID productId) {
    if (!enabled) {
      return;
    }
    try {
      redis.opsForHash().increment(keys.pending(), productId.toString(), 1);
      counted.increment();
    }
    catch (RuntimeException ex) {
      lost.increment();
    }
  }

  /** The views stored in PostgreSQL: every flushed batch, so up to one flush interval behind. */
  Optional<Long> stored(UUID productId) {
    return jdbc.sql("SELECT views FROM product_views WHERE product_id = ?").param(productId).query(Long.class)
        .optional();
  }
}
