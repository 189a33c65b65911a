package io.shopscale.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

/** What {@link ClientCredentials} makes of the documented names; against real servers: {@code ClientCredentialsIT}. */
class ClientCredentialsTest {

  @Test
  void aRedisPasswordGoesIntoTheUrlPercentEncodedAndComesBackUnchanged() throws Exception {
    // given
    var environment = new MockEnvironment().withProperty("spring.data.redis.url", "rediss://redis.cache:6380/2")
        .withProperty("spring.data.redis.password", "p@ss/w:rd%20\"");
    // when
    process(environment);
    // then: the default user (no username given), TLS, host, port and database kept
    URI url = new URI(environment.getProperty("spring.data.redis.url"));
    assertThat(url.getUserInfo()).isEqualTo("default:p@ss/w:rd%20\"");
    assertThat(url.getScheme() + "://" + url.getHost() + ":" + url.getPort() + url.getPath())
        .isEqualTo("rediss://redis.cache:6380/2");
  }

  @Test
  void credentialsAlreadyInTheRedisUrlAreLeftAlone() {
    var environment = new MockEnvironment().withProperty("spring.data.redis.url", "redis://u:own@redis:6379")
        .withProperty("spring.data.redis.username", "shopscale").withProperty("spring.data.redis.password", "other");
    process(environment);
    assertThat(environment.getProperty("spring.data.redis.url")).isEqualTo("redis://u:own@redis:6379");
  }

  @Test
  void aKafkaLoginBecomesAQuotedScramJaasConfigurationOverSaslSsl() {
    // given
    var environment = new MockEnvironment().withProperty("KAFKA_SASL_USERNAME", "order-service")
        .withProperty("KAFKA_SASL_PASSWORD", "a\"b\\c");
    // when
    process(environment);
    // then
    assertThat(environment.getProperty("spring.kafka.security.protocol")).isEqualTo("SASL_SSL");
    assertThat(environment.getProperty("spring.kafka.properties.sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
    assertThat(environment.getProperty("spring.kafka.properties.sasl.jaas.config")).isEqualTo(
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"order-service\" "
            + "password=\"a\\\"b\\\\c\";");
  }

  @Test
  void springBootsOwnKafkaPropertiesWin() {
    var environment = new MockEnvironment().withProperty("KAFKA_SASL_USERNAME", "u")
        .withProperty("KAFKA_SASL_PASSWORD", "p").withProperty("spring.kafka.security.protocol", "SASL_PLAINTEXT");
    process(environment);
    assertThat(environment.getProperty("spring.kafka.security.protocol")).isEqualTo("SASL_PLAINTEXT");
  }

  @Test
  void aKafkaUserWithoutAPasswordStopsTheStart() {
    var environment = new MockEnvironment().withProperty("KAFKA_SASL_USERNAME", "order-service");
    assertThatThrownBy(() -> process(environment)).hasMessageContaining("KAFKA_SASL_PASSWORD");
  }

  @Test
  void withoutCredentialsNothingChanges() {
    var environment = new MockEnvironment().withProperty("spring.data.redis.url", "redis://localhost:6379");
    int sources = environment.getPropertySources().size();
    process(environment);
    assertThat(environment.getPropertySources().size()).isEqualTo(sources);
    assertThat(environment.getProperty("spring.data.redis.url")).isEqualTo("redis://localhost:6379");
  }

  private static void process(MockEnvironment environment) {
    new ClientCredentials().postProcessEnvironment(environment, new SpringApplication());
  }
}
