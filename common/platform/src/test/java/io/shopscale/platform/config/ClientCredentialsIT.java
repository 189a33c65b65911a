package io.shopscale.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.shopscale.embedded.KafkaProcess;
import io.shopscale.embedded.RedisProcess;
import io.shopscale.platform.cache.CacheAside;
import io.shopscale.platform.cache.CacheAsideFactory;
import io.shopscale.platformtest.PlatformTestApplication;
import io.shopscale.testsupport.TestJwtIssuer;
import io.shopscale.testsupport.TestTls;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Redis with an ACL user and a Kafka broker with a SASL_SSL (SCRAM-SHA-512) listener, as the chart expects them, and
 * services configured only through the names docs/deploy.md gives ({@link ClientCredentials}, Spring Boot's SSL
 * bundle): with the right login a service caches, publishes and consumes; without one, or with a wrong password, it is
 * refused and nothing it tried to write reaches Redis or Kafka.
 */
class ClientCredentialsIT {

  // characters a URL must percent-encode: the password travels inside REDIS_URL
  private static final String REDIS_PASSWORD = "r3dis/p@ss:w%rd";
  private static final String KAFKA_PASSWORD = "k4fka-" + UUID.randomUUID();
  private static final TestTls TLS = TestTls.forLoopback();

  private static final RedisProcess redis = RedisProcess.startWithUser("shopscale", REDIS_PASSWORD);
  private static final KafkaProcess kafka = KafkaProcess.startSaslSsl(new KafkaProcess.SaslSsl(
      TLS.certificateChainPem(), TLS.privateKeyPem(), TLS.caCertificatePem(), Map.of("order-service", KAFKA_PASSWORD)));

  private final List<ConfigurableApplicationContext> services = new ArrayList<>();

  record Price(String productId, String amount) {
  }

  @AfterAll
  static void stopServers() {
    kafka.close();
    redis.close();
  }

  @AfterEach
  void stopServices() {
    services.forEach(ConfigurableApplicationContext::close);
  }

  @Test
  void aServiceWithTheRedisLoginCachesAndOneWithoutOrWithAWrongPasswordWritesNothing() {
    // given
    var trusted = service("--spring.data.redis.username=shopscale", "--spring.data.redis.password=" + REDIS_PASSWORD);
    var anonymous = service();
    var impostor = service("--spring.data.redis.username=shopscale", "--spring.data.redis.password=wrong");
    Price price = new Price("p-1", "19.99");
    // when: each reads the same product through cache-aside
    AtomicInteger loads = new AtomicInteger();
    CacheAside<Price> trustedCache = trusted.getBean(CacheAsideFactory.class).create("prices", Price.class);
    assertThat(trustedCache.get("p-1", counting(loads, price))).contains(price);
    assertThat(trustedCache.get("p-1", counting(loads, price))).contains(price);
    for (var refused : List.of(anonymous, impostor)) {
      CacheAside<Price> cache = refused.getBean(CacheAsideFactory.class).create("prices", Price.class);
      assertThat(cache.get("p-1", counting(loads, price))).contains(price);
      // then: a refused service still answers (from its database), but it cannot write a price of its own
      StringRedisTemplate template = refused.getBean(StringRedisTemplate.class);
      assertThatThrownBy(() -> template.opsForValue().set("shared:prices:p-1", "0.00"))
          .hasStackTraceContaining(refused == anonymous ? "NOAUTH" : "WRONGPASS");
    }
    // then: the trusted service loaded once and then hit Redis; the others loaded without Redis
    assertThat(loads).hasValue(3);
    StringRedisTemplate admin = trusted.getBean(StringRedisTemplate.class);
    assertThat(admin.opsForValue().get("shopscale:prices:p-1")).contains("19.99");
    assertThat(admin.hasKey("shared:prices:p-1")).isFalse();
  }

  @Test
  void aServiceWithTheKafkaLoginPublishesAndConsumesAndOneWithoutOrWithAWrongPasswordWritesNothing()
      throws Exception {
    // given
    String topic = "payments.events." + UUID.randomUUID();
    var trusted = service("--KAFKA_SASL_USERNAME=order-service", "--KAFKA_SASL_PASSWORD=" + KAFKA_PASSWORD);
    var impostor = service("--KAFKA_SASL_USERNAME=order-service", "--KAFKA_SASL_PASSWORD=wrong");
    var anonymous = service("--spring.kafka.security.protocol=SSL");
    // when
    kafka(trusted).send(topic, "order-1", "{\"type\":\"PaymentAuthorized\",\"amount\":\"19.99\"}")
        .get(30, TimeUnit.SECONDS);
    for (var refused : List.of(impostor, anonymous)) {
      // then: the forged event is refused (authentication fails, or no metadata within max.block.ms)
      assertThatThrownBy(() -> kafka(refused).send(topic, "order-1", "{\"type\":\"PaymentAuthorized\"}")
          .get(30, TimeUnit.SECONDS)).isNotNull();
    }
    // then: the trusted consumer reads the one real event, and the topic holds nothing else
    List<String> read = new ArrayList<>();
    @SuppressWarnings("unchecked")
    ConsumerFactory<String, String> consumers = trusted.getBean(ConsumerFactory.class);
    try (Consumer<String, String> consumer = consumers.createConsumer("it-" + UUID.randomUUID(), "it")) {
      consumer.subscribe(List.of(topic));
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach((ConsumerRecord<String, String> r) -> read.add(r.value()));
        return !read.isEmpty();
      });
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      long records = consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
      assertThat(records).isEqualTo(1);
    }
    assertThat(read).singleElement().asString().contains("\"amount\":\"19.99\"");
  }

  @SuppressWarnings("unchecked")
  private static KafkaTemplate<String, String> kafka(ConfigurableApplicationContext service) {
    return service.getBean(KafkaTemplate.class);
  }

  /** A service as the chart configures one: addresses, logins and the Kafka CA through its environment. */
  private ConfigurableApplicationContext service(String... credentials) {
    List<String> arguments = new ArrayList<>(List.of(
        "--spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "--server.port=0", "--management.server.port=0",
        "--shopscale.security.jwt.jwks-uri=" + TestJwtIssuer.get().jwksUri(),
        "--spring.data.redis.url=" + redis.url(),
        // the platform's 500 ms suits a Redis that went away; on a loaded CI machine the first handshake can take
        // longer, and a time-out would stand in for the NOAUTH or WRONGPASS refusal this test is about
        "--spring.data.redis.connect-timeout=10s", "--spring.data.redis.timeout=10s",
        "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
        "--spring.ssl.bundle.pem.kafka.truststore.certificate=" + TLS.caCertificatePem(),
        "--spring.kafka.ssl.bundle=kafka",
        // no database here: nothing for the relay, and no listener containers
        "--shopscale.outbox.relay-enabled=false", "--spring.kafka.listener.auto-startup=false",
        // the template's observation first asks the broker for its cluster id through an admin client, which a client
        // without a login retries for a minute; tracing has no part in what is proven here
        "--spring.kafka.template.observation-enabled=false"));
    arguments.addAll(List.of(credentials));
    var service = new SpringApplicationBuilder(PlatformTestApplication.class).run(arguments.toArray(String[]::new));
    services.add(service);
    return service;
  }

  private static Supplier<Optional<Price>> counting(AtomicInteger calls, Price price) {
    return () -> {
      calls.incrementAndGet();
      return Optional.of(price);
    };
  }
}
