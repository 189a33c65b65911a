package io.shopscale.platform.cache;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The Redis cache helpers, for services that have Redis on the classpath. */
@AutoConfiguration(after = DataRedisAutoConfiguration.class)
@ConditionalOnClass(StringRedisTemplate.class)
@EnableConfigurationProperties(CacheSettings.class)
public class CacheAutoConfiguration {

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.lettuce.core.RedisClient")
  static class LettuceForACache {

    // Lettuce would otherwise queue commands while it reconnects and every request would wait for the timeout.
    @Bean
    LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected() {
      return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

    // Lettuce's default reconnect back-off grows to 30 s; a cache should be back within seconds of Redis.
    @Bean
    ClientResourcesBuilderCustomizer quickReconnect() {
      return resources -> resources.reconnectDelay(
          Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS));
    }
  }

  @Bean
  @ConditionalOnBean(StringRedisTemplate.class)
  CacheAsideFactory cacheAsideFactory(StringRedisTemplate redis, JsonMapper json, CacheSettings settings,
      Environment environment, MeterRegistry meters) {
    String prefix = settings.keyPrefix() != null
        ? settings.keyPrefix()
        : environment.getProperty("spring.application.name", "shopscale");
    return new CacheAsideFactory(redis, json, settings, prefix, meters);
  }
}
