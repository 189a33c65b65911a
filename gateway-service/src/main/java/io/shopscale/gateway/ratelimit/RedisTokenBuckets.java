package io.shopscale.gateway.ratelimit;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.gateway.ratelimit.RateLimitSettings.Bucket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Token buckets in Redis, refilled lazily by one Lua script, so every gateway instance draws from the same bucket
 * atomically. The script reads Redis's clock, not ours: instances with skewed clocks still agree.
 *
 * <p>When Redis fails or is slower than {@code redis-timeout} the request passes (fail open): an unprotected
 * moment is better than an outage of the whole API because of its rate limiter. Each such request counts in
 * {@code shopscale.ratelimit.failopen}; the log says when it starts and when Redis is back.
 */
@Component
class RedisTokenBuckets {

  private static final Logger log = LoggerFactory.getLogger(RedisTokenBuckets.class);

  // returns {allowed 0|1, whole tokens left, epoch ms when full again, ms until the next token (0 if allowed)}
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static final RedisScript<List<Long>> TAKE = (RedisScript) RedisScript.of("""
      local rate = tonumber(ARGV[1])
      local burst = tonumber(ARGV[2])
      local clock = redis.call('TIME')
      local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
      local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
      local tokens = tonumber(state[1])
      local at = tonumber(state[2])
      if tokens == nil or at == nil then
        tokens = burst
        at = now
      end
      tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
      local allowed = 0
      if tokens >= 1 then
        tokens = tokens - 1
        allowed = 1
      end
      local full_in = math.ceil((burst - tokens) * 1000 / rate)
      redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
      redis.call('PEXPIRE', KEYS[1], full_in + 1000)
      local next_in = 0
      if allowed == 0 then
        next_in = math.ceil((1 - tokens) * 1000 / rate)
      end
      return { allowed, math.floor(tokens), now + full_in, next_in }
      """, List.class);

  private final ReactiveStringRedisTemplate redis;
  private final RateLimitSettings settings;
  private final Counter failOpen;
  private final AtomicBoolean failing = new AtomicBoolean();

  RedisTokenBuckets(ReactiveStringRedisTemplate redis, RateLimitSettings settings, MeterRegistry meters) {
    this.redis = redis;
    this.settings = settings;
    this.failOpen = Counter.builder("shopscale.ratelimit.failopen")
        .description("Requests let through without a rate-limit check because Redis failed").register(meters);
  }

  /** Takes one token from the caller's bucket; empty when Redis could not tell (let the request through). */
  Mono<Decision> take(String callerKey, Bucket bucket) {
    List<String> keys = List.of(settings.keyPrefix() + ":" + callerKey);
    return Mono.defer(() -> redis.execute(TAKE, keys, List.of(String.valueOf(bucket.rate()),
        String.valueOf(bucket.burst()))).next())
        .timeout(settings.redisTimeout())
        .map(reply -> {
          if (failing.compareAndSet(true, false)) {
            log.info("Redis answers the rate limiter again; limits apply again");
          }
          return new Decision(reply.get(0) == 1, bucket.burst(), reply.get(1),
              Instant.ofEpochMilli(reply.get(2)), reply.get(3));
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

  /** The outcome of one take; {@code retryAfterMillis} is 0 when allowed. */
  record Decision(boolean allowed, int limit, long remaining, Instant fullAt, long retryAfterMillis) {
  }
}
