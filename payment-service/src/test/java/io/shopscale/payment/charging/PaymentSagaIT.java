package io.shopscale.payment.charging;

import static io.shopscale.payment.charging.PeerEvents.DEADLINE;
import static io.shopscale.payment.charging.PeerEvents.TOTAL;
import static io.shopscale.payment.charging.PeerEvents.orderPlaced;
import static io.shopscale.payment.charging.PeerEvents.stockReserved;
import static io.shopscale.testsupport.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.events.EventEnvelope;
import io.shopscale.events.IntegrationEvent;
import io.shopscale.events.Money;
import io.shopscale.events.OrderCancelled;
import io.shopscale.events.OrderPlaced;
import io.shopscale.events.PaymentAuthorized;
import io.shopscale.events.PaymentDeclined;
import io.shopscale.events.PaymentRefunded;
import io.shopscale.events.StockReserved;
import io.shopscale.payment.payment.PendingCharge;
import io.shopscale.payment.payment.PendingRefund;
import io.shopscale.payment.provider.ChargeResult;
import io.shopscale.payment.provider.PaymentProvider;
import io.shopscale.payment.provider.SimulatedPaymentProvider;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import io.shopscale.testsupport.TestJwtIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The payment side of the order saga against real PostgreSQL and Kafka: events published as order-service and
 * inventory-service publish them, outcomes read from payments.events and through the API.
 *
 * <p>The context is closed after the class so its listeners leave the consumer group before the next Kafka test
 * class starts its own; that one continues from the offsets committed here.
 */
@SpringBootTest(properties = {
    "shopscale.payment.retry.recover-after=2s",
    "shopscale.payment.charging.recovery-interval=200ms",
    "shopscale.payment.provider.simulated.test-cards=true"})
@AutoConfigureMockMvc
@ShopScaleInfrastructure({Server.POSTGRES, Server.KAFKA})
@DirtiesContext
@Import(PaymentSagaIT.ObservedProvider.class)
class PaymentSagaIT {

  @Autowired
  KafkaTemplate<String, String> kafka;

  @Autowired
  JdbcClient jdbc;

  @Autowired
  MockMvcTester mvc;

  @Autowired
  SimulatedPaymentProvider provider;

  @Autowired
  MeterRegistry meters;

  @Autowired
  ObservedProvider observed;

  @Value("${spring.kafka.bootstrap-servers}")
  String bootstrap;

  private PeerEvents events;
  private final UUID customer = UUID.randomUUID();

  @BeforeEach
  void connect() {
    events = new PeerEvents(kafka, jdbc, bootstrap);
  }

  @AfterEach
  void disconnect() {
    provider.releaseCharges();
    events.close();
  }

  @Test
  void anApprovedCardIsAuthorizedOnceAndItsOwnerAndAdministratorsSeeIt() {
    // given
    OrderPlaced order = orderPlaced(customer, "tok_visa");
    double authorizedBefore = outcomes("authorized");
    // when
    events.publish(order);
    events.publish(stockReserved(order));
    // then
    var authorized = (PaymentAuthorized) single(events.awaitPaymentEvents(order.orderId(), 1));
    assertThat(authorized.orderId()).isEqualTo(order.orderId());
    assertThat(authorized.amount()).isEqualTo(TOTAL);
    String key = PendingCharge.idempotencyKeyOf(authorized.paymentId());
    assertThat(provider.chargeCalls(key)).isEqualTo(1);
    assertThat(provider.charged(key)).isTrue();
    // the call ran on a provider thread, outside any transaction: no listener waited, no connection was held
    assertThat(observed.callsWith(key)).singleElement().satisfies(call -> {
      assertThat(call.inTransaction()).isFalse();
      assertThat(call.thread()).startsWith("payment-provider-call-");
    });
    // counted once the outcome has committed, which is also when the outbox relay may publish it: no order between
    await().atMost(DEADLINE)
        .untilAsserted(() -> assertThat(outcomes("authorized") - authorizedBefore).isEqualTo(1));

    MvcTestResult read = get(order.orderId(), TestJwtIssuer.get().customer(customer.toString()));
    assertThat(read).hasStatusOk();
    assertThat(read).bodyJson().isLenientlyEqualTo("""
        {"id":"%s","orderId":"%s","status":"AUTHORIZED","amount":{"amount":"19.90","currency":"USD"}}"""
        .formatted(authorized.paymentId(), order.orderId()));
    assertThat(read).bodyJson().extractingPath("$.updatedAt").asString().matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(get(order.orderId(), TestJwtIssuer.get().admin("admin-1"))).hasStatusOk();
    assertProblem(get(order.orderId(), TestJwtIssuer.get().customer(UUID.randomUUID().toString())), 404);
    assertProblem(get(UUID.randomUUID(), TestJwtIssuer.get().admin("admin-1")), 404);
  }

  @Test
  void aDeclinedCardIsDeclined() {
    OrderPlaced order = orderPlaced(customer, "tok_chargeDeclined");

    events.publish(order);
    events.publish(stockReserved(order));

    var declined = (PaymentDeclined) single(events.awaitPaymentEvents(order.orderId(), 1));
    assertThat(declined.reason()).isEqualTo("CARD_DECLINED");
    assertThat(provider.charged(PendingCharge.idempotencyKeyOf(declined.paymentId()))).isFalse();
    assertThat(ownerReads(order)).bodyJson().extractingPath("$.status").isEqualTo("DECLINED");
  }

  @Test
  void stockReservedBeforeOrderPlacedStillChargesExactlyOnce() {
    // given: inventory's event overtakes the order's (different topics, no order between them)
    OrderPlaced order = orderPlaced(customer, "tok_visa");
    events.awaitProcessed(events.publish(stockReserved(order)));
    assertThat(stateOf(order.orderId())).as("nothing to charge without the order's amount and token")
        .isEqualTo("AWAITING_ORDER");
    assertProblem(ownerReads(order), 404);
    // when
    events.publish(order);
    // then
    var authorized = (PaymentAuthorized) single(events.awaitPaymentEvents(order.orderId(), 1));
    assertThat(provider.chargeCalls(PendingCharge.idempotencyKeyOf(authorized.paymentId()))).isEqualTo(1);
    assertThat(authorized.amount()).isEqualTo(TOTAL);
  }

  @Test
  void duplicateDeliveriesChargeOnce() {
    // given
    OrderPlaced order = orderPlaced(customer, "tok_visa");
    int chargesBefore = provider.chargesMade();
    // when: every event twice, and each once more under a new id (its producer published it again)
    EventEnvelope placed = events.publish(order);
    events.redeliver(placed);
    EventEnvelope reserved = events.publish(stockReserved(order));
    events.redeliver(reserved);
    EventEnvelope republished = events.publish(stockReserved(order));
    // and OrderPlaced published again behind its duplicate, to know the duplicate has been consumed
    EventEnvelope placedAgain = events.publish(order);
    events.awaitProcessed(republished);
    events.awaitProcessed(placedAgain);
    // then
    var authorized = (PaymentAuthorized) single(events.awaitPaymentEvents(order.orderId(), 1));
    assertThat(provider.chargeCalls(PendingCharge.idempotencyKeyOf(authorized.paymentId()))).isEqualTo(1);
    assertThat(provider.chargesMade() - chargesBefore).isEqualTo(1);
    assertThat(events.outboxRowsOf(order.orderId())).isEqualTo(1);
  }

  @Test
  void cancellingAnAuthorizedOrderRefundsIt() {
    // given
    OrderPlaced order = orderPlaced(customer, "tok_visa");
    events.publish(order);
    events.publish(stockReserved(order));
    var authorized = (PaymentAuthorized) single(events.awaitPaymentEvents(order.orderId(), 1));
    int refundsBefore = provider.refundsMade();
    // when: the customer cancels the confirmed order
    events.publish(new OrderCancelled(order.orderId(), "CANCELLED_BY_CUSTOMER", true));
    // then
    List<IntegrationEvent> published = events.awaitPaymentEvents(order.orderId(), 2);
    assertThat(published).containsExactly(authorized,
        new PaymentRefunded(authorized.paymentId(), order.orderId(), TOTAL));
    assertThat(provider.refundCalls(PendingRefund.idempotencyKeyOf(authorized.paymentId()))).isEqualTo(1);
    assertThat(provider.refundsMade() - refundsBefore).isEqualTo(1);
    assertThat(ownerReads(order)).bodyJson().extractingPath("$.status").isEqualTo("REFUNDED");
  }

  @Test
  void anOrderCancelledBeforeItsStockWasReservedIsNeverCharged() {
    // given
    OrderPlaced order = orderPlaced(customer, "tok_visa");
    events.publish(order);
    events.awaitProcessed(events.publish(new OrderCancelled(order.orderId(), "PAYMENT_TIMEOUT", false)));
    // when: the reservation arrives after the cancellation
    events.awaitProcessed(events.publish(stockReserved(order)));
    // then
    UUID paymentId = paymentIdOf(order.orderId());
    assertThat(provider.chargeCalls(PendingCharge.idempotencyKeyOf(paymentId))).isZero();
    assertThat(events.outboxRowsOf(order.orderId())).isZero();
    assertThat(events.paymentEventsOf(order.orderId())).isEmpty();
    assertProblem(ownerReads(order), 404);
  }

  @Test
  void anOrderCancelledWhileItsChargeIsInFlightIsRefundedOnceAuthorized() {
    // given: the provider is working on the charge
    OrderPlaced order = orderPlaced(customer, "tok_visa");
    int callsBefore = provider.chargeCalls();
    int refundsBefore = provider.refundsMade();
    provider.holdCharges();
    events.publish(order);
    events.publish(stockReserved(order));
    await().atMost(DEADLINE).until(() -> provider.chargeCalls() > callsBefore);
    // when
    events.awaitProcessed(events.publish(new OrderCancelled(order.orderId(), "CANCELLED_BY_CUSTOMER", true)));
    provider.releaseCharges();
    // then: the order saga hears of the authorization, then of its refund
    List<IntegrationEvent> published = events.awaitPaymentEvents(order.orderId(), 2);
    assertThat(published).hasSize(2);
    var authorized = (PaymentAuthorized) published.get(0);
    assertThat(published.get(1)).isEqualTo(new PaymentRefunded(authorized.paymentId(), order.orderId(), TOTAL));
    assertThat(provider.charged(PendingCharge.idempotencyKeyOf(authorized.paymentId()))).isTrue();
    assertThat(provider.refundsMade() - refundsBefore).isEqualTo(1);
    assertThat(ownerReads(order)).bodyJson().extractingPath("$.status").isEqualTo("REFUNDED");
  }

  @Test
  void aChargeACrashLeftUnrecordedIsRedrivenWithoutChargingTwice() {
    // given: the provider took the money, then the JVM died before the answer was recorded
    UUID orderId = UUID.randomUUID();
    UUID paymentId = UUID.randomUUID();
    String key = PendingCharge.idempotencyKeyOf(paymentId);
    var firstAnswer = (ChargeResult.Approved) provider.charge(key, TOTAL, "tok_visa");
    int chargesBefore = provider.chargesMade();
    jdbc.sql("""
        INSERT INTO payments (id, order_id, state, user_id, amount, currency, payment_token, attempted_at, retry_at,
                              version, created_at, updated_at)
        VALUES (?, ?, 'CHARGING', ?, 19.90, 'USD', 'tok_visa', now() - interval '1 hour',
                now() - interval '1 hour' + interval '30 seconds', 0, now(), now())
        """).params(paymentId, orderId, customer).update();
    // when: the recovery job finds it
    var authorized = (PaymentAuthorized) single(events.awaitPaymentEvents(orderId, 1));
    // then
    assertThat(authorized).isEqualTo(new PaymentAuthorized(paymentId, orderId, TOTAL));
    assertThat(provider.chargeCalls(key)).isEqualTo(2);
    assertThat(provider.chargesMade()).isEqualTo(chargesBefore);
    assertThat(jdbc.sql("SELECT provider_reference FROM payments WHERE id = ?").param(paymentId).query(String.class)
        .single()).isEqualTo(firstAnswer.reference());
  }

  /** Sees every provider call on its way to the simulator: on which thread, and whether a transaction was open. */
  @TestConfiguration(proxyBeanMethods = false)
  static class ObservedProvider {

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    @Bean
    @Primary
    PaymentProvider observedPaymentProvider(SimulatedPaymentProvider simulated) {
      return new PaymentProvider() {
        @Override
        public ChargeResult charge(String idempotencyKey, Money amount, String paymentToken) {
          calls.add(Call.now(idempotencyKey));
          return simulated.charge(idempotencyKey, amount, paymentToken);
        }

        @Override
        public String refund(String idempotencyKey, String chargeReference, Money amount) {
          calls.add(Call.now(idempotencyKey));
          return simulated.refund(idempotencyKey, chargeReference, amount);
        }
      };
    }

    List<Call> callsWith(String idempotencyKey) {
      return calls.stream().filter(call -> call.idempotencyKey().equals(idempotencyKey)).toList();
    }

    record Call(String idempotencyKey, String thread, boolean inTransaction) {

      static Call now(String idempotencyKey) {
        return new Call(idempotencyKey, Thread.currentThread().getName(),
            TransactionSynchronizationManager.isActualTransactionActive());
      }
    }
  }

  private MvcTestResult ownerReads(OrderPlaced order) {
    return get(order.orderId(), TestJwtIssuer.get().customer(order.userId().toString()));
  }

  private MvcTestResult get(UUID orderId, String token) {
    return mvc.get().uri("/api/payments?orderId=" + orderId).header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .exchange();
  }

  private UUID paymentIdOf(UUID orderId) {
    return jdbc.sql("SELECT id FROM payments WHERE order_id = ?").param(orderId).query(UUID.class).single();
  }

  private String stateOf(UUID orderId) {
    return jdbc.sql("SELECT state FROM payments WHERE order_id = ?").param(orderId).query(String.class).single();
  }

  private double outcomes(String outcome) {
    return meters.get("shopscale.payments").tag("outcome", outcome).counter().count();
  }

  private static IntegrationEvent single(List<IntegrationEvent> events) {
    assertThat(events).hasSize(1);
    return events.get(0);
  }
}
