package io.shopscale.platform.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Redis and Kafka credentials for every service, from the names docs/deploy.md documents ("Credentials for Redis and
 * Kafka"); nothing is set when none is given, so local runs and tests stay on plain text.
 * <ul>
 * <li>Redis: Spring Boot's {@code spring.data.redis.username}/{@code password} (env
 * {@code SPRING_DATA_REDIS_USERNAME}/{@code SPRING_DATA_REDIS_PASSWORD}). Boot ignores both once
 * {@code spring.data.redis.url} is set, and every service reads its address as {@code REDIS_URL}: so they are put into
 * that URL here (percent-encoded; Boot decodes them). A password without a username is the {@code default} user's
 * (Redis 6+).</li>
 * <li>Kafka: {@code KAFKA_SASL_USERNAME}/{@code KAFKA_SASL_PASSWORD} become the SCRAM login
 * ({@code spring.kafka.properties.sasl.jaas.config}, quoted), with {@code sasl.mechanism} {@code KAFKA_SASL_MECHANISM}
 * (SCRAM-SHA-512) and {@code spring.kafka.security.protocol} SASL_SSL unless set otherwise: a login sent over plain
 * text would give the password away. All at the lowest precedence, so Boot's own properties still win.</li>
 * </ul>
 */
class ClientCredentials implements EnvironmentPostProcessor, Ordered {

  static final String REDIS_SOURCE = "shopscaleRedisCredentials";
  static final String KAFKA_SOURCE = "shopscaleKafkaCredentials";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    String url = redisUrlWithCredentials(environment);
    if (url != null) {
      environment.getPropertySources().addFirst(new MapPropertySource(REDIS_SOURCE,
          Map.of("spring.data.redis.url", url)));
    }
    Map<String, Object> kafka = kafkaLogin(environment);
    if (!kafka.isEmpty()) {
      environment.getPropertySources().addLast(new MapPropertySource(KAFKA_SOURCE, kafka));
    }
  }

  private static @Nullable String redisUrlWithCredentials(ConfigurableEnvironment environment) {
    String url = environment.getProperty("spring.data.redis.url");
    String password = environment.getProperty("spring.data.redis.password");
    if (!StringUtils.hasText(url) || !StringUtils.hasText(password)) {
      return null;
    }
    String username = environment.getProperty("spring.data.redis.username");
    try {
      URI given = new URI(url);
      if (given.getUserInfo() != null) {
        // credentials in the URL itself (e.g. a Secret holding the whole URL) are the operator's choice
        return null;
      }
      String user = StringUtils.hasText(username) ? username : "default";
      // the multi-argument constructor percent-encodes what a user-info part may not hold ('@', '/', '%', ...)
      return new URI(given.getScheme(), user + ":" + password, given.getHost(), given.getPort(), given.getPath(),
          given.getQuery(), given.getFragment()).toString();
    }
    catch (URISyntaxException ex) {
      throw new IllegalStateException("spring.data.redis.url is not a URL (its value is not shown)", ex);
    }
  }

  private static Map<String, Object> kafkaLogin(ConfigurableEnvironment environment) {
    String username = environment.getProperty("KAFKA_SASL_USERNAME");
    if (!StringUtils.hasText(username)) {
      return Map.of();
    }
    String password = environment.getProperty("KAFKA_SASL_PASSWORD");
    if (!StringUtils.hasText(password)) {
      throw new IllegalStateException("KAFKA_SASL_USERNAME is set but KAFKA_SASL_PASSWORD is not");
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("spring.kafka.security.protocol", "SASL_SSL");
    properties.put("spring.kafka.properties.sasl.mechanism",
        environment.getProperty("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"));
    properties.put("spring.kafka.properties.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + jaasQuoted(username)
            + "\" password=\"" + jaasQuoted(password) + "\";");
    return properties;
  }

  /** A JAAS option value is a double-quoted string in which backslash escapes. */
  private static String jaasQuoted(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  @Override
  public int getOrder() {
    // after PlatformDefaults: the environment, config data and profiles are all there to read
    return new PlatformDefaults().getOrder() + 1;
  }
}
