package io.shopscale.payment.charging;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.shopscale.events.EventEnvelope;
import io.shopscale.events.IntegrationEvent;
import io.shopscale.events.Money;
import io.shopscale.events.OrderPlaced;
import io.shopscale.events.StockLine;
import io.shopscale.events.StockReserved;
import io.shopscale.events.Topics;
import io.shopscale.testsupport.KafkaPeer;
import org.apache.kafka.common.utils.Utils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The test's side of the saga: publishes events on orders.events and inventory.events the way order-service and
 * inventory-service do (CloudEvents envelopes keyed by order id), and reads what payment-service published on
 * payments.events.
 */
final class PeerEvents implements AutoCloseable {

  static final Duration DEADLINE = Duration.ofSeconds(20);
  static final Money TOTAL = Money.of("19.90", "USD");

  private final KafkaTemplate<String, String> kafka;
  private final JdbcClient jdbc;
  private final KafkaPeer orderService;
  private final KafkaPeer inventoryService;

  PeerEvents(KafkaTemplate<String, String> kafka, JdbcClient jdbc, String bootstrapServers) {
    this.kafka = kafka;
    this.jdbc = jdbc;
    this.orderService = new KafkaPeer(bootstrapServers, "/order-service", Topics.PAYMENTS);
    this.inventoryService = new KafkaPeer(bootstrapServers, "/inventory-service");
  }

  static OrderPlaced orderPlaced(UUID userId, String paymentToken) {
    return orderPlaced(UUID.randomUUID(), userId, paymentToken);
  }

  static OrderPlaced orderPlaced(UUID orderId, UUID userId, String paymentToken) {
    var line = new OrderPlaced.Line(UUID.randomUUID(), 2, Money.of("9.95", "USD"));
    return new OrderPlaced(orderId, userId, List.of(line), TOTAL, paymentToken);
  }

  static StockReserved stockReserved(OrderPlaced order) {
    return new StockReserved(order.orderId(),
        order.lines().stream().map(line -> new StockLine(line.productId(), line.quantity())).toList());
  }

  /** Publishes a new envelope for {@code event}, as its producer's outbox relay would. */
  EventEnvelope publish(IntegrationEvent event) {
    return (Topics.topicOf(event).equals(Topics.ORDERS) ? orderService : inventoryService).publish(event);
  }

  /** Sends an envelope again, unchanged: what at-least-once delivery does after a relay or consumer crash. */
  void redeliver(EventEnvelope envelope) {
    orderService.redeliver(envelope);
  }

  /** Waits until payment-service has applied (or skipped as a duplicate) this envelope. */
  void awaitProcessed(EventEnvelope envelope) {
    await().atMost(DEADLINE).until(() -> jdbc.sql(
        "SELECT count(*) FROM processed_events WHERE consumer = ? AND event_id = ?")
        .params(PaymentSaga.CONSUMER, envelope.id()).query(Integer.class).single() == 1);
  }

  /** Every event payment-service has published so far for this order, in order, each once. */
  List<IntegrationEvent> paymentEventsOf(UUID orderId) {
    return orderService.seen(orderId.toString(), IntegrationEvent.class);
  }

  /** Waits for this many payment events of the order and returns all of them. */
  List<IntegrationEvent> awaitPaymentEvents(UUID orderId, int count) {
    await().atMost(DEADLINE).until(() -> paymentEventsOf(orderId).size() >= count);
    return paymentEventsOf(orderId);
  }

  /** Outbox rows of the order: what payment-service has decided to publish, sent or not yet. */
  int outboxRowsOf(UUID orderId) {
    return jdbc.sql("SELECT count(*) FROM outbox_events WHERE aggregate_id = ?").param(orderId.toString())
        .query(Integer.class).single();
  }

  /** The Kafka partition a key lands on, as the producer's default partitioner chooses it. */
  int partitionOf(String topic, UUID key) {
    int partitions = kafka.partitionsFor(topic).size();
    return Utils.toPositive(Utils.murmur2(key.toString().getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  @Override
  public void close() {
    orderService.close();
    inventoryService.close();
  }
}
