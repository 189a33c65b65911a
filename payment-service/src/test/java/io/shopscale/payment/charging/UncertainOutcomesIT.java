package io.shopscale.payment.charging;

import static io.shopscale.payment.charging.PeerEvents.DEADLINE;
import static io.shopscale.payment.charging.PeerEvents.TOTAL;
import static io.shopscale.payment.charging.PeerEvents.orderPlaced;
import static io.shopscale.payment.charging.PeerEvents.stockReserved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.events.IntegrationEvent;
import io.shopscale.events.Money;
import io.shopscale.events.OrderPlaced;
import io.shopscale.events.PaymentAuthorized;
import io.shopscale.events.PaymentFailed;
import io.shopscale.events.PaymentRefunded;
import io.shopscale.payment.payment.PaymentService;
import io.shopscale.payment.payment.PendingCharge;
import io.shopscale.payment.payment.PendingRefund;
import io.shopscale.payment.provider.ChargeResult;
import io.shopscale.payment.provider.PaymentProvider;
import io.shopscale.payment.provider.ProviderUnavailableException;
import io.shopscale.payment.provider.ResilientPaymentProvider;
import io.shopscale.payment.provider.SimulatedPaymentProvider;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A provider whose answers are uncertain: approvals that come after the time limit, refunds that never succeed, cards
 * that never answer. Short limits (0.5 s per call, 2 attempts, back-off from 1 s to 4 s) so that each shows in seconds;
 * real PostgreSQL and Kafka.
 */
@SpringBootTest(properties = {
    "shopscale.payment.provider.simulated.test-cards=true",
    "shopscale.payment.provider.simulated.slow-delay=3s",
    "shopscale.payment.provider.resilience.timeout=500ms",
    "shopscale.payment.provider.resilience.retry.max-attempts=2",
    "shopscale.payment.provider.resilience.retry.initial-backoff=50ms",
    "shopscale.payment.retry.recover-after=5s",
    "shopscale.payment.retry.initial-backoff=1s",
    "shopscale.payment.retry.max-backoff=4s",
    "shopscale.payment.retry.stuck-after=2",
    "shopscale.payment.charging.recovery-interval=200ms"})
@ShopScaleInfrastructure({Server.POSTGRES, Server.KAFKA})
@DirtiesContext
@Import(UncertainOutcomesIT.UncertainProvider.class)
class UncertainOutcomesIT {

  @Autowired
  KafkaTemplate<String, String> kafka;

  @Autowired
  JdbcClient jdbc;

  @Autowired
  SimulatedPaymentProvider provider;

  @Autowired
  ResilientPaymentProvider guardedProvider;

  @Autowired
  UncertainProvider uncertain;

  @Autowired
  PaymentService payments;

  @Autowired
  Charger charger;

  @Autowired
  MeterRegistry meters;

  @Value("${spring.kafka.bootstrap-servers}")
  String bootstrap;

  private PeerEvents events;
  private final UUID customer = UUID.randomUUID();

  @BeforeEach
  void connect() {
    guardedProvider.circuitBreaker().reset();
    events = new PeerEvents(kafka, jdbc, bootstrap);
  }

  @AfterEach
  void disconnect() {
    uncertain.refusedRefunds.clear();
    events.close();
  }

  @Test
  void anApprovalThatComesAfterTheTimeLimitIsRefundedExactlyOnce() {
    // given: the provider takes the money, then keeps the line open past the time limit, deaf to interrupts, for the
    // first four calls (two hand-overs of two attempts); the fifth call gets the approval at once
    OrderPlaced order = orderPlaced(customer, UncertainProvider.APPROVED_LATE);
    int refundsBefore = provider.refundsMade();
    // when
    events.publish(order);
    events.publish(stockReserved(order));
    // then: the saga hears at once that the payment failed; the payment itself stays unknown and keeps asking
    var failed = (PaymentFailed) events.awaitPaymentEvents(order.orderId(), 1).get(0);
    assertThat(failed.reason()).isEqualTo("PROVIDER_TIMEOUT");
    UUID paymentId = failed.paymentId();
    String chargeKey = PendingCharge.idempotencyKeyOf(paymentId);
    assertThat(provider.charged(chargeKey)).as("the money was taken").isTrue();
    await().atMost(DEADLINE).until(() -> gauge("shopscale.payment.charges.unknown") >= 1);
    // and once the provider answers, the approval is paid back, once
    List<IntegrationEvent> published = events.awaitPaymentEvents(order.orderId(), 2);
    assertThat(published).containsExactly(failed, new PaymentRefunded(paymentId, order.orderId(), TOTAL));
    await().atMost(DEADLINE).until(() -> "REFUNDED".equals(stateOf(paymentId)));
    assertThat(provider.chargeCalls(chargeKey)).isGreaterThanOrEqualTo(5);
    assertThat(provider.refundsMade() - refundsBefore).isEqualTo(1);
    assertThat(provider.refundCalls(PendingRefund.idempotencyKeyOf(paymentId))).isEqualTo(1);
    assertThat(events.outboxRowsOf(order.orderId())).isEqualTo(2);
  }

  @Test
  void anApprovalRecordedAfterAFailureLeadsToARefund() {
    // given: this instance found the provider unreachable and told the saga so
    UUID orderId = UUID.randomUUID();
    UUID paymentId = chargingPayment(orderId);
    payments.recordUnanswered(paymentId, "PROVIDER_UNAVAILABLE", false);
    assertThat(stateOf(paymentId)).isEqualTo("FAILED");
    // when: a re-drive on another instance got through, and the provider approved
    var charge = (ChargeResult.Approved) provider.charge(PendingCharge.idempotencyKeyOf(paymentId), TOTAL, "tok_visa");
    var refund = payments.recordAuthorized(paymentId, charge.reference());
    // then
    assertThat(refund).hasValueSatisfying(pending -> assertThat(pending.chargeReference())
        .isEqualTo(charge.reference()));
    charger.submit(refund.orElseThrow());
    assertThat(events.awaitPaymentEvents(orderId, 2)).containsExactly(
        new PaymentFailed(paymentId, orderId, "PROVIDER_UNAVAILABLE"), new PaymentRefunded(paymentId, orderId, TOTAL));
    await().atMost(DEADLINE).until(() -> "REFUNDED".equals(stateOf(paymentId)));
    assertThat(provider.refundCalls(PendingRefund.idempotencyKeyOf(paymentId))).isEqualTo(1);
    // and the same approval recorded again changes nothing
    assertThat(payments.recordAuthorized(paymentId, charge.reference())).isEmpty();
  }

  @Test
  void aRefundThatNeverSucceedsIsAskedWithGrowingWaitsAndCountsAsStuck() {
    // given: an authorized payment of a cancelled order whose refund the provider keeps failing
    UUID orderId = UUID.randomUUID();
    UUID paymentId = chargingPayment(orderId);
    uncertain.refusedRefunds.add(PendingRefund.idempotencyKeyOf(paymentId));
    // when
    jdbc.sql("""
        UPDATE payments SET state = 'REFUNDING', provider_reference = 'ch_1', payment_token = NULL, retry_at = now()
         WHERE id = ?""").param(paymentId).update();
    // then: each unanswered hand-over doubles the wait up to the cap (1 s, 2 s, 4 s, 4 s...)
    await().atMost(DEADLINE).until(() -> unansweredAttempts(paymentId) >= 3);
    assertThat(jdbc.sql("SELECT extract(epoch FROM retry_at - updated_at) FROM payments WHERE id = ?")
        .param(paymentId).query(Double.class).single()).isEqualTo(4.0);
    await().atMost(DEADLINE).until(() -> gauge("shopscale.payment.refunds.stuck") >= 1);
    // and once the provider takes refunds again, it is paid back and no longer counted
    uncertain.refusedRefunds.clear();
    await().atMost(DEADLINE).until(() -> "REFUNDED".equals(stateOf(paymentId)));
    await().atMost(DEADLINE).until(() -> gauge("shopscale.payment.refunds.stuck") == 0);
    assertThat(events.awaitPaymentEvents(orderId, 1)).containsExactly(new PaymentRefunded(paymentId, orderId, TOTAL));
  }

  @Test
  void oneCustomersSlowCardsDoNotFailOtherCustomersPayments() {
    // given: one customer's ten orders with a card that never answers in time
    UUID slowCustomer = UUID.randomUUID();
    List<OrderPlaced> slow = IntStream.range(0, 10).mapToObj(i -> orderPlaced(slowCustomer, "tok_slow")).toList();
    List<OrderPlaced> normal = IntStream.range(0, 10).mapToObj(i -> orderPlaced(UUID.randomUUID(), "tok_visa"))
        .toList();
    int callsBefore = provider.chargeCalls();
    slow.forEach(this::placeAndReserve);
    await().atMost(DEADLINE).until(() -> provider.chargeCalls() > callsBefore);
    // when: other customers pay with normal cards meanwhile
    normal.forEach(this::placeAndReserve);
    // then: every one of them is authorized, and the breaker stayed closed
    for (OrderPlaced order : normal) {
      assertThat(events.awaitPaymentEvents(order.orderId(), 1)).singleElement()
          .isInstanceOf(PaymentAuthorized.class);
    }
    assertThat(guardedProvider.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    // and the slow customer's orders fail on their own
    for (OrderPlaced order : slow) {
      assertThat(events.awaitPaymentEvents(order.orderId(), 1)).singleElement().isInstanceOfSatisfying(
          PaymentFailed.class, failed -> assertThat(failed.reason()).isEqualTo("PROVIDER_TIMEOUT"));
    }
  }

  /**
   * The simulator, except that a charge with {@link #APPROVED_LATE} is approved and then held past the time limit,
   * ignoring interrupts, on its first {@link #LATE_CALLS} calls (a provider that answers late), and refunds under
   * chosen keys fail.
   */
  @TestConfiguration(proxyBeanMethods = false)
  static class UncertainProvider {

    static final String APPROVED_LATE = "tok_visa_late";
    private static final int LATE_CALLS = 4;
    private static final Duration HANG = Duration.ofMillis(800);

    private final Map<String, AtomicInteger> lateCallsLeftByKey = new ConcurrentHashMap<>();
    private final Set<String> refusedRefunds = ConcurrentHashMap.newKeySet();

    @Bean
    @Primary
    PaymentProvider uncertainPaymentProvider(SimulatedPaymentProvider simulated) {
      return new PaymentProvider() {
        @Override
        public ChargeResult charge(String idempotencyKey, Money amount, String paymentToken) {
          if (!APPROVED_LATE.equals(paymentToken)) {
            return simulated.charge(idempotencyKey, amount, paymentToken);
          }
          ChargeResult answer = simulated.charge(idempotencyKey, amount, SimulatedPaymentProvider.APPROVED_TOKEN);
          if (lateCallsLeftByKey.computeIfAbsent(idempotencyKey, key -> new AtomicInteger(LATE_CALLS))
              .getAndDecrement() > 0) {
            holdIgnoringInterrupts(HANG);
          }
          return answer;
        }

        @Override
        public String refund(String idempotencyKey, String chargeReference, Money amount) {
          if (refusedRefunds.contains(idempotencyKey)) {
            throw new ProviderUnavailableException("refunds refused by the test");
          }
          return simulated.refund(idempotencyKey, chargeReference, amount);
        }
      };
    }

    private static void holdIgnoringInterrupts(Duration duration) {
      long end = System.nanoTime() + duration.toNanos();
      boolean interrupted = false;
      for (long left = duration.toNanos(); left > 0; left = end - System.nanoTime()) {
        try {
          Thread.sleep(Duration.ofNanos(left));
        }
        catch (InterruptedException ignored) {
          interrupted = true; // a provider's connection does not close because our thread was interrupted
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void placeAndReserve(OrderPlaced order) {
    events.publish(order);
    events.publish(stockReserved(order));
  }

  /** A payment whose charge is in flight, inserted as the saga leaves it; not due for re-drive for an hour. */
  private UUID chargingPayment(UUID orderId) {
    UUID paymentId = UUID.randomUUID();
    jdbc.sql("""
        INSERT INTO payments (id, order_id, state, user_id, amount, currency, payment_token, attempted_at, retry_at,
                              version, created_at, updated_at)
        VALUES (?, ?, 'CHARGING', ?, 19.90, 'USD', 'tok_visa', now(), now() + interval '1 hour', 0, now(), now())
        """).params(paymentId, orderId, customer).update();
    return paymentId;
  }

  private String stateOf(UUID paymentId) {
    return jdbc.sql("SELECT state FROM payments WHERE id = ?").param(paymentId).query(String.class).single();
  }

  private int unansweredAttempts(UUID paymentId) {
    return jdbc.sql("SELECT unanswered_attempts FROM payments WHERE id = ?").param(paymentId).query(Integer.class)
        .single();
  }

  private double gauge(String name) {
    return meters.get(name).gauge().value();
  }
}
