package io.shopscale.gateway.ratelimit;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param keyPrefix Redis key prefix of the limits' state; instances that share it share the budgets
 * @param redisTimeout how long a request waits for Redis before it is let through unlimited
 * @param tiers limit per tier: {@code ANONYMOUS} (by client IP), the token's {@code tier} claim, {@code ADMIN}
 *     for any token with the ADMIN role, and {@code AUTH} (by client IP whatever the token) for login and
 *     registration
 */
@ConfigurationProperties("shopscale.ratelimit")
record RateLimitSettings(
    @DefaultValue("shopscale:ratelimit") String keyPrefix,
    @DefaultValue("250ms") Duration redisTimeout,
    Map<String, Tier> tiers) {

  static final String ANONYMOUS = "ANONYMOUS";
  static final String ADMIN = "ADMIN";
  // a token whose tier we do not know gets the smallest paid-for budget, never a bigger one
  static final String FALLBACK_TIER = "FREE";
  static final String AUTH = "AUTH";

  RateLimitSettings {
    tiers = tiers == null
        ? Map.of()
        : tiers.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
            e -> e.getKey().toUpperCase(Locale.ROOT), Map.Entry::getValue));
    for (String required : new String[]{ANONYMOUS, FALLBACK_TIER, ADMIN, AUTH}) {
      if (!tiers.containsKey(required)) {
        throw new IllegalArgumentException("shopscale.ratelimit.tiers needs a " + required.toLowerCase(Locale.ROOT)
            + " entry");
      }
    }
  }

  Tier tier(String name) {
    return tiers.getOrDefault(name, tiers.get(FALLBACK_TIER));
  }

  /**
   * One tier's limit: {@code burst} requests at once, {@code rate} a second on average. The window algorithms
   * allow {@code burst} requests per window of {@code burst / rate} seconds (the time an empty bucket takes to fill),
   * so every algorithm grants the same budget and the same long-run rate, and they differ only at the edges.
   *
   * @param rate requests a second on average (tokens added a second, for the token bucket)
   * @param burst requests at once: the bucket size, or the budget of one window
   * @param algorithm how the limit is counted: {@code token-bucket}, {@code sliding-window} (a log of the window's
   *     admitted requests) or {@code fixed-window} (a counter per window)
   */
  record Tier(double rate, int burst, @DefaultValue("token-bucket") Algorithm algorithm) {

    Tier {
      if (rate <= 0 || burst < 1) {
        throw new IllegalArgumentException("A rate-limit tier needs rate > 0 and burst >= 1");
      }
    }

    /** The window algorithms' window: {@code burst / rate}, at least 1 ms. */
    Duration window() {
      return Duration.ofMillis(Math.max(1, (long) Math.ceil(burst * 1000 / rate)));
    }
  }

  /** The rate-limiting algorithms, each one Lua script in Redis. */
  enum Algorithm {
    TOKEN_BUCKET, SLIDING_WINDOW, FIXED_WINDOW
  }
}
