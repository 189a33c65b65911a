package io.shopscale.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.shopscale.events.EventJson;
import io.shopscale.events.ProductChanged;
import io.shopscale.events.Topics;
import io.shopscale.platform.jobs.BackgroundWork;
import io.shopscale.platformtest.PlatformTestApplication;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

// The relay never looks at the table on its own here (idle check 1 h): every test below also proves that a commit
// wakes it (LISTEN/NOTIFY).
@SpringBootTest(classes = PlatformTestApplication.class, properties = "shopscale.outbox.idle-check=1h")
@ShopScaleInfrastructure({Server.POSTGRES, Server.KAFKA})
@AutoConfigureTracing
class OutboxIT {

  @Autowired
  Outbox outbox;

  @Autowired
  ProcessedEvents processed;

  @Autowired
  TransactionTemplate tx;

  @Autowired
  BackgroundWork background;

  @Autowired
  JdbcClient jdbc;

  @Autowired
  KafkaTemplate<String, String> kafka;

  @Autowired
  MeterRegistry meters;

  @Autowired
  Tracer tracer;

  @Autowired
  javax.sql.DataSource dataSource;

  @Autowired
  OutboxRelay serviceRelay;

  @Value("${spring.kafka.bootstrap-servers}")
  String bootstrap;

  private KafkaConsumer<String, String> consumer;
  private final Map<String, List<Long>> versionsByProduct = new ConcurrentHashMap<>();
  private final Set<String> eventIds = ConcurrentHashMap.newKeySet();
  private final Map<String, String> traceparents = new ConcurrentHashMap<>();

  @BeforeEach
  void subscribe() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "outbox-it-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    consumer.subscribe(List.of(Topics.INVENTORY));
  }

  @AfterEach
  void close() {
    consumer.close();
  }

  @Test
  void eventsArePublishedOnceCommittedInOrderPerAggregateKeyedByAggregate() {
    // given: 6 products, 10 versions each, appended interleaved over many transactions
    List<UUID> products = newProducts(6);
    for (int version = 1; version <= 10; version++) {
      long v = version;
      tx.executeWithoutResult(status -> products.forEach(p -> outbox.append(new ProductChanged(p, v))));
    }
    // then
    awaitVersions(products, 10);
    products.forEach(p -> assertThat(firstSeenOrder(p)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L));
    assertThat(unpublished()).isZero();
  }

  @Test
  void aRolledBackChangePublishesNothingAndAppendNeedsATransaction() {
    UUID product = UUID.randomUUID();
    tx.executeWithoutResult(status -> {
      outbox.append(new ProductChanged(product, 1));
      status.setRollbackOnly();
    });
    assertThat(jdbc.sql("SELECT count(*) FROM outbox_events WHERE aggregate_id = ?").param(product.toString())
        .query(Integer.class).single()).isZero();
    assertThatThrownBy(() -> outbox.append(new ProductChanged(product, 1))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void twoRelaysNeverReorderAnAggregate() {
    // given: a second relay on the same table, as a second service replica would run
    var second = relay(7, 10, new SimpleMeterRegistry());
    second.start();
    try {
      List<UUID> products = newProducts(5);
      // when: 40 versions per product, one small transaction each, while both relays poll
      for (int version = 1; version <= 40; version++) {
        long v = version;
        for (UUID p : products) {
          tx.executeWithoutResult(status -> outbox.append(new ProductChanged(p, v)));
        }
      }
      // then
      awaitVersions(products, 40);
      for (UUID p : products) {
        assertThat(firstSeenOrder(p)).isSorted().hasSize(40);
      }
    }
    finally {
      second.stop();
    }
  }

  @Test
  void aRowTheBrokerRefusesHoldsBackOnlyItsOwnAggregate() {
    // given: a row for a topic the broker refuses, and a later row of the same aggregate
    UUID stuck = refusedRowThenAnother();
    try {
      // when: other aggregates' events follow
      List<UUID> others = newProducts(3);
      tx.executeWithoutResult(status -> others.forEach(p -> outbox.append(new ProductChanged(p, 1))));
      // then: they are published at once; the refused row records why and waits, and its aggregate waits behind it
      awaitVersions(others, 1, Duration.ofSeconds(2));
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(jdbc.sql("""
          SELECT attempts, last_error FROM outbox_events WHERE aggregate_id = ? ORDER BY seq LIMIT 1
          """).param(stuck.toString()).query((rs, n) -> rs.getInt(1) + " " + rs.getString(2)).single())
          .matches("[1-9][0-9]* .*InvalidTopic.*"));
      assertThat(jdbc.sql("SELECT count(*) FROM outbox_events WHERE aggregate_id = ? AND published_at IS NULL")
          .param(stuck.toString()).query(Integer.class).single()).isEqualTo(2);
      assertThat(versionsByProduct).doesNotContainKey(stuck.toString());
    }
    finally {
      deleteRows(stuck);
    }
  }

  @Test
  void aRowRefusedTooOftenIsParkedAndPublishedInOrderOnceReleased() {
    // given: a relay that parks after two attempts (alone: the service's own relay would retry the row itself), and
    // an aggregate whose first row the broker refuses
    var meters = new SimpleMeterRegistry();
    var impatient = relay(50, 2, meters);
    serviceRelay.stop();
    UUID stuck = refusedRowThenAnother();
    impatient.start();
    try {
      // when
      await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
          "SELECT count(*) FROM outbox_events WHERE aggregate_id = ? AND parked_at IS NOT NULL")
          .param(stuck.toString()).query(Integer.class).single() == 1);
      // then: counted for the alert, and nothing of the aggregate went out
      await().atMost(Duration.ofSeconds(5)).until(() -> meters.get("shopscale.outbox.parked").gauge().value() >= 1);
      assertThat(versionsByProduct).doesNotContainKey(stuck.toString());

      // and when an operator fixes and releases it (docs/runbooks/ShopScaleOutboxRowsParked.md)
      jdbc.sql("""
          UPDATE outbox_events SET topic = ?, parked_at = NULL, next_attempt_at = NULL, attempts = 0
           WHERE aggregate_id = ? AND parked_at IS NOT NULL
          """).params(Topics.INVENTORY, stuck.toString()).update();
      // then: the aggregate's events go out in their order
      awaitVersions(List.of(stuck), 2);
      assertThat(firstSeenOrder(stuck)).containsExactly(1L, 2L);
    }
    finally {
      impatient.stop();
      serviceRelay.start();
      deleteRows(stuck);
    }
  }

  @Test
  void aRelayThatFoundAnAggregateClaimedNeverPublishesItsLaterEventFirst() throws Exception {
    // given: another relay (played by this connection) holds aggregates x and y; x has e1, then, behind 200,000 rows
    // of y that keep a claiming relay's scan busy, e2
    UUID x = UUID.randomUUID();
    UUID y = UUID.randomUUID();
    try (Connection holder = dataSource.getConnection()) {
      holder.setAutoCommit(true);
      claim(holder, x, "pg_advisory_lock");
      claim(holder, y, "pg_advisory_lock");
      try {
        tx.executeWithoutResult(status -> outbox.append(new ProductChanged(x, 1)));
        jdbc.sql("""
            INSERT INTO outbox_events (id, aggregate_id, topic, type, envelope)
            SELECT gen_random_uuid(), ?, ?, 'Filler', '{}' FROM generate_series(1, 200000)
            """).params(y.toString(), Topics.INVENTORY).update();
        tx.executeWithoutResult(status -> outbox.append(new ProductChanged(x, 2)));

        // when: the holder gives x back (its send failed, say) while a relay is claiming
        var relay = relay(50, 10, new SimpleMeterRegistry());
        CompletableFuture<OutboxRelay.Batch> claiming = CompletableFuture.supplyAsync(relay::publishBatch);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2))
            .until(() -> claiming.isDone() || claimRunning());
        claim(holder, x, "pg_advisory_unlock");
        claiming.get(30, TimeUnit.SECONDS);

        // then: x's events reach the topic in their order
        awaitVersions(List.of(x), 2);
        assertThat(firstSeenOrder(x)).containsExactly(1L, 2L);
      }
      finally {
        deleteRows(y);
        deleteRows(x);
      }
    }
  }

  /** An aggregate whose first row is for a topic the broker refuses, and whose second row is fine. */
  private UUID refusedRowThenAnother() {
    UUID aggregate = UUID.randomUUID();
    tx.executeWithoutResult(status -> {
      outbox.append(new ProductChanged(aggregate, 1));
      jdbc.sql("UPDATE outbox_events SET topic = 'not a topic!' WHERE aggregate_id = ?").param(aggregate.toString())
          .update();
    });
    tx.executeWithoutResult(status -> outbox.append(new ProductChanged(aggregate, 2)));
    return aggregate;
  }

  private static void claim(Connection connection, UUID aggregate, String function) throws SQLException {
    try (var statement = connection.prepareStatement(
        "SELECT " + function + "(hashtextextended('shopscale.outbox:' || ?, 0))")) {
      statement.setString(1, aggregate.toString());
      statement.execute();
    }
  }

  private boolean claimRunning() {
    return jdbc.sql("""
        SELECT count(*) FROM pg_stat_activity
         WHERE state = 'active' AND query LIKE '%pg_try_advisory_xact_lock%' AND pid <> pg_backend_pid()
        """).query(Integer.class).single() > 0;
  }

  private OutboxRelay relay(int batchSize, int maxAttempts, MeterRegistry registry) {
    return new OutboxRelay(JdbcClient.create(dataSource), background, kafka,
        new OutboxSettings(true, Duration.ofMillis(5), Duration.ofSeconds(1), batchSize, Duration.ofSeconds(1),
            Duration.ofSeconds(10), maxAttempts, Duration.ofMillis(10), Duration.ofMillis(50),
            Duration.ofMillis(10), Duration.ofHours(1), 7, Duration.ofHours(1), Duration.ofSeconds(1)),
        registry, new TraceContinuation(null, null), new OutboxWakeUps(null, Duration.ofMillis(5)));
  }

  private void deleteRows(UUID aggregate) {
    jdbc.sql("DELETE FROM outbox_events WHERE aggregate_id = ?").param(aggregate.toString()).update();
  }

  @Test
  void anEventIsProcessedOnlyOnceByAConsumerAndAgainIfItsEffectRolledBack() {
    String id = UUID.randomUUID().toString();
    tx.executeWithoutResult(status -> {
      assertThat(processed.firstTime("test-consumer", id)).isTrue();
      status.setRollbackOnly();
    });
    assertThat(firstTime("test-consumer", id)).isTrue();
    assertThat(firstTime("test-consumer", id)).isFalse();
    assertThat(firstTime("another-consumer", id)).isTrue();
  }

  private boolean firstTime(String consumer, String id) {
    Boolean first = tx.execute(status -> processed.firstTime(consumer, id));
    return Boolean.TRUE.equals(first);
  }

  @Test
  void theTraceOfTheAppendingTransactionContinuesIntoTheKafkaRecord() {
    // given: a request's span
    UUID product = UUID.randomUUID();
    Span request = tracer.nextSpan().name("request").start();
    Tracer.SpanInScope scope = tracer.withSpan(request);
    try {
      // when
      tx.executeWithoutResult(status -> outbox.append(new ProductChanged(product, 1)));
    }
    finally {
      scope.close();
      request.end();
    }
    // then: the record carries a traceparent of the same trace (a child span: the publish)
    awaitVersions(List.of(product), 1);
    String traceparent = traceparents.get(product.toString());
    assertThat(traceparent).startsWith("00-" + request.context().traceId() + "-")
        .doesNotContain(request.context().spanId());
  }

  @Test
  void publishLagAndBacklogAreMeasured() {
    UUID product = UUID.randomUUID();
    tx.executeWithoutResult(status -> outbox.append(new ProductChanged(product, 1)));
    awaitVersions(List.of(product), 1);
    assertThat(meters.get("shopscale.outbox.publish.lag").timer().count()).isPositive();
    assertThat(meters.get("shopscale.outbox.backlog").gauge()).isNotNull();
  }

  private List<UUID> newProducts(int count) {
    List<UUID> products = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      products.add(UUID.randomUUID());
    }
    return products;
  }

  private void awaitVersions(List<UUID> products, int perProduct) {
    awaitVersions(products, perProduct, Duration.ofSeconds(30));
  }

  private void awaitVersions(List<UUID> products, int perProduct, Duration within) {
    await().atMost(within).untilAsserted(() -> {
      consumer.poll(Duration.ofMillis(200)).forEach(record -> {
        var envelope = EventJson.read(record.value());
        assertThat(record.key()).isEqualTo(envelope.subject());
        var header = record.headers().lastHeader("traceparent");
        if (header != null) {
          traceparents.put(record.key(), new String(header.value(), java.nio.charset.StandardCharsets.US_ASCII));
        }
        if (eventIds.add(envelope.id())) {
          versionsByProduct.computeIfAbsent(record.key(), k -> new ArrayList<>())
              .add(envelope.dataAs(ProductChanged.class, EventJson.mapper()).version());
        }
      });
      for (UUID p : products) {
        assertThat(Set.copyOf(versionsByProduct.getOrDefault(p.toString(), List.of()))).hasSize(perProduct);
      }
    });
  }

  // duplicates (at-least-once) may repeat a version; the order of first sightings is what consumers act on
  private List<Long> firstSeenOrder(UUID product) {
    return versionsByProduct.get(product.toString()).stream().distinct().toList();
  }

  private int unpublished() {
    return jdbc.sql("SELECT count(*) FROM outbox_events WHERE published_at IS NULL").query(Integer.class).single();
  }
}
