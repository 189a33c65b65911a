package io.shopscale.user.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Failed logins counted per target account in Redis, shared by every instance, with an exponential wait once the
 * free failures are spent ({@link LoginThrottleSettings}). The gateway limits each client address; this limits each
 * account, which a botnet spreading guesses over many addresses still hits. A waiting account is refused before its
 * password is hashed, so guesses at it cost no Argon2 time either. Keys are a hash of the email, so Redis holds no
 * address book, and unknown emails are throttled exactly like known ones (no enumeration by timing or status).
 *
 * <p>When Redis fails, logins pass unthrottled (counted in {@code shopscale.auth.throttle.failopen}): the gateway's
 * per-address limit still holds, and logging nobody in would be the bigger outage.
 */
@Component
class LoginThrottle {

  private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

  // Redis's clock, not ours: instances with skewed clocks agree. Returns ms the account must still wait (0: none).
  private static final RedisScript<Long> WAITING = RedisScript.of("""
      local clock = redis.call('TIME')
      local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
      local until_ms = tonumber(redis.call('HGET', KEYS[1], 'until'))
      if until_ms == nil or until_ms <= now then return 0 end
      return until_ms - now
      """, Long.class);

  // ARGV: free failures, first delay ms, max delay ms, window ms. Returns the wait it imposes now, in ms.
  private static final RedisScript<Long> FAILED = RedisScript.of("""
      local clock = redis.call('TIME')
      local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
      local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
      local beyond = failures - tonumber(ARGV[1])
      local wait = 0
      if beyond > 0 then
        wait = math.floor(math.min(tonumber(ARGV[3]), tonumber(ARGV[2]) * 2 ^ math.min(beyond - 1, 40)))
        redis.call('HSET', KEYS[1], 'until', tostring(now + wait))
      end
      redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
      return wait
      """, Long.class);

  // KEYS[1]: the client's set of failed accounts (a HyperLogLog: 12 KB at most, whatever the attacker sends).
  // ARGV: account, window ms. Returns how many distinct accounts the client failed on within its window.
  private static final RedisScript<Long> SPREAD = RedisScript.of("""
      redis.call('PFADD', KEYS[1], ARGV[1])
      if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2])) end
      return redis.call('PFCOUNT', KEYS[1])
      """, Long.class);

  private final StringRedisTemplate redis;
  private final LoginThrottleSettings settings;
  private final Counter failOpen;
  private final AtomicBoolean failing = new AtomicBoolean();

  LoginThrottle(StringRedisTemplate redis, LoginThrottleSettings settings, MeterRegistry meters) {
    this.redis = redis;
    this.settings = settings;
    this.failOpen = Counter.builder("shopscale.auth.throttle.failopen")
        .description("Login attempts let through unthrottled because Redis failed").register(meters);
  }

  /** How long logins to this account must wait before its password is even checked; zero when they need not. */
  Duration waiting(String accountKey) {
    return call(WAITING, accountKey);
  }

  /** Counts a failed login; the wait it imposes on the account from now on (zero within the free failures). */
  Duration failed(String accountKey) {
    return call(FAILED, accountKey, String.valueOf(settings.freeFailures()),
        String.valueOf(settings.firstDelay().toMillis()), String.valueOf(settings.maxDelay().toMillis()),
        String.valueOf(settings.window().toMillis()));
  }

  /**
   * Counts a failed login of {@code client} on the account; how many distinct accounts that client has failed on in
   * its current window (0 when Redis could not tell).
   */
  long failedFrom(String client, String accountKey) {
    try {
      Long distinct = redis.execute(SPREAD, List.of(settings.keyPrefix() + ":spread:" + client), accountKey,
          String.valueOf(settings.spreadWindow().toMillis()));
      return distinct != null ? distinct : 0;
    }
    catch (DataAccessException ex) {
      redisFailed(ex);
      return 0;
    }
  }

  /** The owner got in: earlier failures no longer count. */
  void succeeded(String accountKey) {
    try {
      redis.delete(key(accountKey));
    }
    catch (DataAccessException ex) {
      redisFailed(ex);
    }
  }

  /** The key an account is throttled and logged under: a SHA-256 of the normalised email, never the email. */
  static String accountKey(String email) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(email.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    }
    catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("Every JDK has SHA-256", ex);
    }
  }

  private Duration call(RedisScript<Long> script, String accountKey, String... args) {
    try {
      Long millis = redis.execute(script, List.of(key(accountKey)), (Object[]) args);
      if (failing.compareAndSet(true, false)) {
        log.info("Redis answers the login throttle again; failed logins are counted again");
      }
      return Duration.ofMillis(millis != null ? millis : 0);
    }
    catch (DataAccessException ex) {
      redisFailed(ex);
      return Duration.ZERO;
    }
  }

  private void redisFailed(DataAccessException ex) {
    failOpen.increment();
    if (failing.compareAndSet(false, true)) {
      log.warn("Login throttle fails open: Redis did not answer ({}); failed logins are not counted until it does",
          ex.toString());
    }
  }

  private String key(String accountKey) {
    return settings.keyPrefix() + ":" + accountKey;
  }
}
