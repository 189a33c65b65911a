package io.shopscale.gateway.ratelimit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.gateway.ratelimit.RateLimitSettings.Tier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Rate limits in Redis, one Lua script per algorithm ({@code token-bucket.lua}, {@code sliding-window.lua},
 * {@code fixed-window.lua} beside this class), so every gateway instance counts against the same state atomically in
 * one round trip. The scripts read Redis's clock, not ours: instances with skewed clocks still agree. Each algorithm
 * keeps its state under its own key ({@code <prefix>:<caller>}, {@code <prefix>:sw:<caller>},
 * {@code <prefix>:fw:<caller>}): a tier switched to another algorithm starts afresh instead of reading a structure of
 * another type.
 *
 * <p>When Redis fails or is slower than {@code redis-timeout} the request passes (fail open), whatever the algorithm:
 * an unprotected moment is better than an outage of the whole API because of its rate limiter. Each such request
 * counts in {@code shopscale.ratelimit.failopen}; the log says when it starts and when Redis is back.
 */
@Component
class RedisRateLimits {

  private static final Logger log = LoggerFactory.getLogger(RedisRateLimits.class);

  // each returns {allowed 0|1, requests left, epoch ms when the full budget is back, ms until one more is allowed}
  private static final RedisScript<List<Long>> TOKEN_BUCKET_SCRIPT = script("token-bucket.lua");
  private static final RedisScript<List<Long>> SLIDING_WINDOW_SCRIPT = script("sliding-window.lua");
  private static final RedisScript<List<Long>> FIXED_WINDOW_SCRIPT = script("fixed-window.lua");

  private final ReactiveStringRedisTemplate redis;
  private final RateLimitSettings settings;
  private final Counter failOpen;
  private final AtomicBoolean failing = new AtomicBoolean();

  RedisRateLimits(ReactiveStringRedisTemplate redis, RateLimitSettings settings, MeterRegistry meters) {
    this.redis = redis;
    this.settings = settings;
    this.failOpen = Counter.builder("shopscale.ratelimit.failopen")
        .description("Requests let through without a rate-limit check because Redis failed").register(meters);
  }

  /** Counts one request against the caller's limit; empty when Redis could not tell (let the request through). */
  Mono<Decision> take(String callerKey, Tier tier) {
    String prefix = settings.keyPrefix() + ":";
    String window = String.valueOf(tier.window().toMillis());
    String burst = String.valueOf(tier.burst());
    Mono<List<Long>> reply = switch (tier.algorithm()) {
      case TOKEN_BUCKET -> run(TOKEN_BUCKET_SCRIPT, prefix + callerKey, String.valueOf(tier.rate()), burst);
      case SLIDING_WINDOW -> run(SLIDING_WINDOW_SCRIPT, prefix + "sw:" + callerKey, burst, window);
      case FIXED_WINDOW -> run(FIXED_WINDOW_SCRIPT, prefix + "fw:" + callerKey, burst, window);
    };
    return reply
        .timeout(settings.redisTimeout())
        .map(values -> {
          if (failing.compareAndSet(true, false)) {
            log.info("Redis answers the rate limiter again; limits apply again");
          }
          return new Decision(values.get(0) == 1, tier.burst(), values.get(1), Instant.ofEpochMilli(values.get(2)),
              values.get(3));
        })
        .onErrorResume(ex -> {
          failOpen.increment();
          if (failing.compareAndSet(false, true)) {
            log.warn("Rate limiter fails open: Redis did not answer ({}); requests pass unlimited until it does",
                ex.toString());
          }
          return Mono.empty();
        });
  }

  private Mono<List<Long>> run(RedisScript<List<Long>> script, String key, String first, String second) {
    return Mono.defer(() -> redis.execute(script, List.of(key), List.of(first, second)).next());
  }

  // From the text, read once: a script built on the resource asks it for its last-modified time on every call (to
  // reload an edited file), a class path look-up inside the jar per request
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static RedisScript<List<Long>> script(String name) {
    try {
      String text = new ClassPathResource(name, RedisRateLimits.class).getContentAsString(StandardCharsets.UTF_8);
      return (RedisScript) RedisScript.of(text, List.class);
    }
    catch (IOException ex) {
      throw new UncheckedIOException("The rate limiter's script " + name + " is missing", ex);
    }
  }

  /**
   * The outcome of one request: {@code remaining} requests left now, {@code resetAt} when the whole budget is back
   * (the bucket full, the log empty, the window over), {@code retryAfterMillis} until one more is allowed (0 when
   * allowed).
   */
  record Decision(boolean allowed, int limit, long remaining, Instant resetAt, long retryAfterMillis) {
  }
}
