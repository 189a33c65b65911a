package io.shopscale.order.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.events.EventEnvelope;
import io.shopscale.events.IntegrationEvent;
import io.shopscale.events.Money;
import io.shopscale.events.OrderCancelled;
import io.shopscale.events.OrderConfirmed;
import io.shopscale.events.OrderPlaced;
import io.shopscale.events.PaymentAuthorized;
import io.shopscale.events.PaymentDeclined;
import io.shopscale.events.PaymentFailed;
import io.shopscale.events.StockLine;
import io.shopscale.events.StockReservationFailed;
import io.shopscale.events.StockReserved;
import io.shopscale.events.Topics;
import io.shopscale.order.FakeInventory;
import io.shopscale.testsupport.KafkaPeer;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import io.shopscale.testsupport.TestJwtIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * The order saga against real PostgreSQL and Kafka: the test plays inventory-service and payment-service, publishing
 * their events on their topics, and watches the order and the events the order publishes.
 */
// admission off: the sweeper test's 3 s settlement would refuse the next test's placements for a while
// (SagaAdmissionIT is admission's own test)
@SpringBootTest(properties = {"shopscale.order.saga.timeout=3s", "shopscale.order.saga.sweep-every=200ms",
    "shopscale.order.admission.enabled=false"})
@AutoConfigureMockMvc
@ShopScaleInfrastructure({Server.POSTGRES, Server.KAFKA})
class OrderSagaIT {

  @RegisterExtension
  static final FakeInventory inventory = new FakeInventory();

  static final Duration DEADLINE = Duration.ofSeconds(30);

  @Autowired
  MockMvcTester mvc;

  @Autowired
  JdbcClient jdbc;

  @Autowired
  MeterRegistry meters;

  @Value("${spring.kafka.bootstrap-servers}")
  String bootstrap;

  private final UUID customerId = UUID.randomUUID();
  private final String customer = "Bearer " + TestJwtIssuer.get().customer(customerId.toString());
  private final UUID mug = inventory.product("4.00");
  /** Plays inventory-service and payment-service, and reads what order-service publishes. */
  private KafkaPeer peers;

  @BeforeEach
  void playThePeers() {
    peers = new KafkaPeer(bootstrap, "/saga-it", Topics.ORDERS);
  }

  @AfterEach
  void close() {
    peers.close();
  }

  @Test
  void stockReservedThenPaymentAuthorizedConfirmsTheOrder() throws Exception {
    // given
    UUID order = place("tok_visa");
    OrderPlaced placed = awaitEvent(order, OrderPlaced.class);
    assertThat(placed.total()).isEqualTo(Money.of("8.00", "USD"));
    assertThat(placed.paymentToken()).isEqualTo("tok_visa");
    // when
    publish(Topics.INVENTORY, new StockReserved(order, List.of(new StockLine(mug, 2))));
    publish(Topics.PAYMENTS, new PaymentAuthorized(UUID.randomUUID(), order, placed.total()));
    // then
    awaitStatus(order, "CONFIRMED", null);
    awaitEvent(order, OrderConfirmed.class);
  }

  @Test
  void aDeclinedPaymentCancelsTheOrderAndAsksInventoryToReleaseTheStock() throws Exception {
    UUID order = place("tok_chargeDeclined");
    publish(Topics.INVENTORY, new StockReserved(order, List.of(new StockLine(mug, 2))));
    publish(Topics.PAYMENTS, new PaymentDeclined(UUID.randomUUID(), order, "CARD_DECLINED"));
    awaitStatus(order, "CANCELLED", "PAYMENT_DECLINED");
    OrderCancelled cancelled = awaitEvent(order, OrderCancelled.class);
    assertThat(cancelled.reason()).isEqualTo("PAYMENT_DECLINED");
    assertThat(cancelled.stockWasReserved()).isTrue();
  }

  @Test
  void missingStockCancelsTheOrderAsOutOfStock() throws Exception {
    UUID order = place("tok_visa");
    publish(Topics.INVENTORY, new StockReservationFailed(order, List.of(mug)));
    awaitStatus(order, "CANCELLED", "OUT_OF_STOCK");
    assertThat(awaitEvent(order, OrderCancelled.class).stockWasReserved()).isFalse();
  }

  @Test
  void aFailedPaymentCancelsTheOrderAsPaymentTimeout() throws Exception {
    UUID order = place("tok_slow");
    publish(Topics.INVENTORY, new StockReserved(order, List.of(new StockLine(mug, 2))));
    publish(Topics.PAYMENTS, new PaymentFailed(UUID.randomUUID(), order, "PROVIDER_TIMEOUT"));
    awaitStatus(order, "CANCELLED", "PAYMENT_TIMEOUT");
  }

  @Test
  void anOrderNobodyAnswersIsCancelledByTheSweeperAndALateAuthorizationDoesNotRevive() throws Exception {
    // given: stock reserved, then silence from payment
    UUID order = place("tok_visa");
    publish(Topics.INVENTORY, new StockReserved(order, List.of(new StockLine(mug, 2))));
    // then: cancelled after the saga timeout, telling inventory there is stock to release
    awaitStatus(order, "CANCELLED", "PAYMENT_TIMEOUT");
    assertThat(awaitEvent(order, OrderCancelled.class).stockWasReserved()).isTrue();
    // when: the payment succeeds after all
    String late = publish(Topics.PAYMENTS, new PaymentAuthorized(UUID.randomUUID(), order, Money.of("8.00", "USD")));
    awaitProcessed(late);
    // then: still cancelled, never confirmed (payment-service refunds it on the OrderCancelled)
    awaitStatus(order, "CANCELLED", "PAYMENT_TIMEOUT");
    assertThat(outboxTypes(order)).containsExactly(OrderPlaced.TYPE, OrderCancelled.TYPE);
  }

  @Test
  void aPaymentAuthorizedForAnotherAmountIsDeadLetteredAndNeverConfirmsTheOrder() throws Exception {
    // given an order of 8.00 USD whose stock is reserved
    UUID order = place("tok_visa");
    publish(Topics.INVENTORY, new StockReserved(order, List.of(new StockLine(mug, 2))));
    double mismatchesBefore = meters.counter("shopscale.order.payment.mismatches").count();
    try (KafkaPeer deadLetters = new KafkaPeer(bootstrap, "/saga-it-dlt", Topics.PAYMENTS + ".DLT")) {
      // when an authorization of 0.01 USD arrives (a bug upstream, or forged by whoever can write to the topic)
      publish(Topics.PAYMENTS, new PaymentAuthorized(UUID.randomUUID(), order, Money.of("0.01", "USD")));
      // then the record goes to the dead-letter topic at once and the mismatch is counted for the alert
      assertThat(deadLetters.awaitFirst(order.toString(), PaymentAuthorized.class, DEADLINE).amount())
          .isEqualTo(Money.of("0.01", "USD"));
    }
    assertThat(meters.counter("shopscale.order.payment.mismatches").count() - mismatchesBefore).isEqualTo(1);
    // and the order is never confirmed: the sweeper cancels it, and payment-service refunds what it really charged
    awaitStatus(order, "CANCELLED", "PAYMENT_TIMEOUT");
    assertThat(outboxTypes(order)).containsExactly(OrderPlaced.TYPE, OrderCancelled.TYPE);
  }

  @Test
  void aDuplicatedOrReplayedEventIsAppliedOnce() throws Exception {
    // given
    UUID order = place("tok_visa");
    publish(Topics.INVENTORY, new StockReserved(order, List.of(new StockLine(mug, 2))));
    // when: delivered three times (a relay retry, a rebalance, an offset reset)
    EventEnvelope authorized = peers.publish(new PaymentAuthorized(UUID.randomUUID(), order, Money.of("8.00", "USD")));
    peers.redeliver(authorized);
    peers.redeliver(authorized);
    // then
    awaitStatus(order, "CONFIRMED", null);
    awaitProcessed(authorized.id());
    String marker = publish(Topics.PAYMENTS, new PaymentDeclined(UUID.randomUUID(), order, "CARD_DECLINED"));
    awaitProcessed(marker); // same partition, after the duplicates: they have all been seen by now
    assertThat(outboxTypes(order)).containsExactly(OrderPlaced.TYPE, OrderConfirmed.TYPE);
    awaitStatus(order, "CONFIRMED", null);
  }

  private UUID place(String token) throws Exception {
    var result = mvc.post().uri("/api/orders").header(HttpHeaders.AUTHORIZATION, customer)
        .header("Idempotency-Key", UUID.randomUUID().toString()).contentType(MediaType.APPLICATION_JSON)
        .content("{\"items\":[{\"productId\":\"%s\",\"quantity\":2}],\"paymentToken\":\"%s\"}".formatted(mug, token))
        .exchange();
    assertThat(result).hasStatus(202);
    return UUID.fromString(JsonPath.read(result.getResponse().getContentAsString(), "$.id"));
  }

  /** Returns the envelope id. The topic is the event's own; named here for the reader. */
  private String publish(String topic, IntegrationEvent event) {
    assertThat(Topics.topicOf(event)).isEqualTo(topic);
    return peers.publish(event).id();
  }

  private void awaitProcessed(String eventId) {
    await().atMost(DEADLINE).until(() -> jdbc.sql(
        "SELECT count(*) FROM processed_events WHERE consumer = 'order-saga' AND event_id = ?").param(eventId)
        .query(Integer.class).single() == 1);
  }

  private List<String> outboxTypes(UUID order) {
    return jdbc.sql("SELECT type FROM outbox_events WHERE aggregate_id = ? ORDER BY seq").param(order.toString())
        .query(String.class).list();
  }

  private void awaitStatus(UUID order, String status, String reason) {
    await().atMost(DEADLINE).untilAsserted(() -> {
      var read = mvc.get().uri("/api/orders/" + order).header(HttpHeaders.AUTHORIZATION, customer).exchange();
      assertThat(read).bodyJson().extractingPath("$.status").isEqualTo(status);
      assertThat(read).bodyJson().extractingPath("$.failureReason").isEqualTo(reason);
    });
  }

  private <T extends IntegrationEvent> T awaitEvent(UUID order, Class<T> type) {
    return peers.awaitFirst(order.toString(), type, DEADLINE);
  }
}
