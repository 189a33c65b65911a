package io.shopscale.gateway.ratelimit;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param keyPrefix Redis key prefix of the buckets; instances that share it share the budgets
 * @param redisTimeout how long a request waits for Redis before it is let through unlimited
 * @param tiers bucket per tier: {@code ANONYMOUS} (by client IP), the token's {@code tier} claim, {@code ADMIN}
 *     for any token with the ADMIN role, and {@code AUTH} (by client IP whatever the token) for login and
 *     registration
 */
@ConfigurationProperties("shopscale.ratelimit")
record RateLimitSettings(
    @DefaultValue("shopscale:ratelimit") String keyPrefix,
    @DefaultValue("250ms") Duration redisTimeout,
    Map<String, Bucket> tiers) {

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

  Bucket bucket(String tier) {
    return tiers.getOrDefault(tier, tiers.get(FALLBACK_TIER));
  }

  /**
   * A token bucket; one request costs one token.
   *
   * @param rate tokens added a second
   * @param burst tokens saved up at most
   */
  record Bucket(double rate, int burst) {

    Bucket {
      if (rate <= 0 || burst < 1) {
        throw new IllegalArgumentException("A rate-limit tier needs rate > 0 and burst >= 1");
      }
    }
  }
}
