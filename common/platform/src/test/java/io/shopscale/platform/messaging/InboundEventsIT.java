package io.shopscale.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.events.EventEnvelope;
import io.shopscale.events.EventJson;
import io.shopscale.events.OrderConfirmed;
import io.shopscale.events.ProductChanged;
import io.shopscale.platform.outbox.InboundEvents;
import io.shopscale.platformtest.PlatformTestApplication;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

@SpringBootTest(classes = {PlatformTestApplication.class, InboundEventsIT.Listener.class}, properties = {
    "shopscale.kafka.consumer.retries=2", "shopscale.kafka.consumer.initial-backoff=20ms",
    "shopscale.kafka.consumer.max-backoff=50ms"})
@ShopScaleInfrastructure({Server.POSTGRES, Server.KAFKA})
class InboundEventsIT {

  static final String TOPIC = "inbound-it.events";

  @Autowired
  KafkaTemplate<String, String> kafka;

  @Autowired
  JdbcClient jdbc;

  @Autowired
  MeterRegistry meters;

  @Autowired
  Listener listener;

  @Value("${spring.kafka.bootstrap-servers}")
  String bootstrap;

  @BeforeEach
  void table() {
    jdbc.sql("CREATE TABLE IF NOT EXISTS applied (product_id uuid NOT NULL, version bigint NOT NULL)").update();
  }

  @Test
  void aDuplicateOrReplayedEventChangesNothing() {
    // given
    UUID product = UUID.randomUUID();
    String event = envelope(new ProductChanged(product, 1));
    // when: delivered three times, e.g. a relay retry and an offset reset
    send(product, event);
    send(product, event);
    send(product, event);
    send(product, envelope(new ProductChanged(product, 2)));
    // then
    await().atMost(Duration.ofSeconds(30)).until(() -> applied(product, 2) == 1);
    assertThat(applied(product, 1)).isEqualTo(1);
  }

  @Test
  void anEventTypeTheConsumerDoesNotHandleLeavesNoMarkAndTheNextEventFlows() {
    // given: the listener handles ProductChanged only
    UUID product = UUID.randomUUID();
    EventEnvelope other = EventEnvelope.of(new OrderConfirmed(UUID.randomUUID()), "/inbound-it", "it-other",
        Clock.systemUTC(), EventJson.mapper());
    double skippedBefore = consumed(OrderConfirmed.TYPE, "skipped");
    // when
    send(product, EventJson.write(other));
    send(product, envelope(new ProductChanged(product, 1)));
    // then: skipped without a transaction, so no processed-event row; the partition moves on
    await().atMost(Duration.ofSeconds(30)).until(() -> applied(product, 1) == 1);
    assertThat(consumed(OrderConfirmed.TYPE, "skipped") - skippedBefore).isEqualTo(1);
    assertThat(jdbc.sql("SELECT count(*) FROM processed_events WHERE event_id = ?").params(other.id())
        .query(Integer.class).single()).isZero();
  }

  @Test
  void aPoisonRecordIsDeadLetteredAtOnceAndTheNextEventOnItsPartitionFlows() {
    // given
    UUID product = UUID.randomUUID();
    double deadBefore = deadLetters();
    // when: garbage, then a well-formed envelope whose data breaks the event's invariants, then a good event
    send(product, "{not an envelope");
    send(product, envelope(new ProductChanged(product, 1)).replace("\"version\":1", "\"version\":\"one\""));
    send(product, envelope(new ProductChanged(product, 3)));
    // then
    await().atMost(Duration.ofSeconds(30)).until(() -> applied(product, 3) == 1);
    assertThat(deadLetterValues(product, 2)).anySatisfy(value -> assertThat(value).startsWith("{not an envelope"));
    assertThat(deadLetters() - deadBefore).isEqualTo(2);
  }

  @Test
  void aHandlerThatKeepsFailingIsRetriedABoundedNumberOfTimesThenDeadLettered() {
    // given
    UUID product = UUID.randomUUID();
    listener.failures.put(product, new IllegalStateException("a bug in the handler"));
    // when
    send(product, envelope(new ProductChanged(product, 1)));
    send(product, envelope(new ProductChanged(product, 2)));
    // then: 1 attempt + 2 retries, then the DLT; the next event still applies
    await().atMost(Duration.ofSeconds(30)).until(() -> applied(product, 2) == 1);
    assertThat(deadLetterValues(product, 1)).hasSize(1);
    assertThat(listener.attempts.get(product).get()).isEqualTo(4);
    assertThat(applied(product, 1)).isZero();
  }

  @Test
  void anUnavailableDatabaseIsWaitedForInsteadOfDeadLettering() {
    // given: the handler's database fails more often than the retry budget allows
    UUID product = UUID.randomUUID();
    listener.failures.put(product, new TransientDataAccessResourceException("connection refused"));
    listener.failUntilAttempt.put(product, 6);
    // when
    send(product, envelope(new ProductChanged(product, 1)));
    // then
    await().atMost(Duration.ofSeconds(30)).until(() -> applied(product, 1) == 1);
    assertThat(listener.attempts.get(product).get()).isEqualTo(6);
  }

  private void send(UUID key, String value) {
    kafka.send(TOPIC, key.toString(), value).join();
  }

  private static String envelope(ProductChanged event) {
    return EventJson.write(EventEnvelope.of(event, "/inbound-it", "it-" + event.version(), Clock.systemUTC(),
        EventJson.mapper()));
  }

  private int applied(UUID product, long version) {
    return jdbc.sql("SELECT count(*) FROM applied WHERE product_id = ? AND version = ?").params(product, version)
        .query(Integer.class).single();
  }

  private double consumed(String type, String outcome) {
    var counter = meters.find("shopscale.events.consumed").tag("consumer", "inbound-it").tag("type", type)
        .tag("outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  private double deadLetters() {
    var counter = meters.find("shopscale.kafka.dead.letters").tag("topic", TOPIC).counter();
    return counter == null ? 0 : counter.count();
  }

  private List<String> deadLetterValues(UUID key, int expected) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(TOPIC + ".DLT"));
      List<String> values = new java.util.ArrayList<>();
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> {
          if (key.toString().equals(record.key())) {
            values.add(record.value());
          }
        });
        return values.size() >= expected;
      });
      return values;
    }
  }

  static class Listener {

    final Map<UUID, RuntimeException> failures = new ConcurrentHashMap<>();
    final Map<UUID, Integer> failUntilAttempt = new ConcurrentHashMap<>();
    final Map<UUID, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final InboundEvents inbound;
    private final JdbcClient jdbc;

    Listener(InboundEvents inbound, JdbcClient jdbc) {
      this.inbound = inbound;
      this.jdbc = jdbc;
    }

    @KafkaListener(topics = TOPIC, groupId = "inbound-it")
    void on(String record) {
      inbound.apply("inbound-it", Set.of(ProductChanged.class), record, (event, envelope) -> {
        ProductChanged changed = (ProductChanged) event;
        int attempt = attempts.computeIfAbsent(changed.productId(), id -> new AtomicInteger()).incrementAndGet();
        RuntimeException failure = failures.get(changed.productId());
        if (failure != null && changed.version() == 1
            && attempt < failUntilAttempt.getOrDefault(changed.productId(), Integer.MAX_VALUE)) {
          throw failure;
        }
        jdbc.sql("INSERT INTO applied (product_id, version) VALUES (?, ?)")
            .params(changed.productId(), changed.version()).update();
      });
    }
  }
}
