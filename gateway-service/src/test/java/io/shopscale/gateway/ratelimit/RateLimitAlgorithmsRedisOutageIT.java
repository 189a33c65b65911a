package io.shopscale.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopscale.embedded.RedisProcess;
import io.shopscale.gateway.ratelimit.RateLimitSettings.Algorithm;
import io.shopscale.gateway.ratelimit.RateLimitSettings.Tier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Every algorithm fails open alike: with its Redis stopped for real, a decision is "unknown" (the filter then lets
 * the request through without limit headers) within the Redis timeout, counted, and limits apply again once Redis is
 * back. Our own Redis process: stopping the shared one would break every other test.
 */
class RateLimitAlgorithmsRedisOutageIT {

  private final RedisProcess redisServer = RedisProcess.start();
  private final LettuceConnectionFactory connections = new LettuceConnectionFactory(
      new RedisStandaloneConfiguration("127.0.0.1", redisServer.port()),
      LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(1)).build());
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @AfterEach
  void stop() {
    connections.destroy();
    redisServer.close();
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void aDecisionIsLeftOpenWhileRedisIsDownAndTakenAgainOnceItIsBack(Algorithm algorithm) {
    // given: a limiter of 2 requests, the caller's budget spent
    connections.afterPropertiesSet();
    connections.start();
    Tier tier = new Tier(0.01, 2, algorithm);
    RedisRateLimits limiter = new RedisRateLimits(new ReactiveStringRedisTemplate(connections),
        new RateLimitSettings("outage", Duration.ofMillis(250),
            Map.of("ANONYMOUS", tier, "FREE", tier, "ADMIN", tier, "AUTH", tier)),
        meters);
    limiter.take("caller", tier).block();
    limiter.take("caller", tier).block();
    assertThat(limiter.take("caller", tier).blockOptional()).hasValueSatisfying(d -> assertThat(d.allowed()).isFalse());

    // when: Redis stops
    redisServer.stop();

    // then: no decision, quickly, and counted as failing open
    long started = System.nanoTime();
    assertThat(limiter.take("caller", tier).blockOptional()).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    assertThat(meters.get("shopscale.ratelimit.failopen").counter().count()).isEqualTo(1);

    // when: Redis is back with its data, then: the spent budget is refused again
    redisServer.startAgain();
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(limiter.take("caller", tier).blockOptional())
            .hasValueSatisfying(d -> assertThat(d.allowed()).isFalse()));
  }
}
