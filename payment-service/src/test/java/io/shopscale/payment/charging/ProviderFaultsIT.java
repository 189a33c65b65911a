package io.shopscale.payment.charging;

import static io.shopscale.payment.charging.PeerEvents.orderPlaced;
import static io.shopscale.payment.charging.PeerEvents.stockReserved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.events.IntegrationEvent;
import io.shopscale.events.OrderPlaced;
import io.shopscale.events.PaymentAuthorized;
import io.shopscale.events.PaymentFailed;
import io.shopscale.events.Topics;
import io.shopscale.payment.payment.PendingCharge;
import io.shopscale.payment.provider.ResilientPaymentProvider;
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
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * A misbehaving provider, with the shipped defaults (2 s time limit, 3 attempts, breaker, bulkhead): every payment
 * still ends, with a reason, within bounded time, and the Kafka listeners keep flowing meanwhile.
 */
@SpringBootTest(properties = "shopscale.payment.provider.simulated.test-cards=true")
@AutoConfigureMockMvc
@ShopScaleInfrastructure({Server.POSTGRES, Server.KAFKA})
@DirtiesContext
class ProviderFaultsIT {

  @Autowired
  KafkaTemplate<String, String> kafka;

  @Autowired
  JdbcClient jdbc;

  @Autowired
  MockMvcTester mvc;

  @Autowired
  SimulatedPaymentProvider provider;

  @Autowired
  ResilientPaymentProvider guardedProvider;

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
  void restore() {
    provider.failNextCalls(0);
    guardedProvider.circuitBreaker().reset();
    events.close();
  }

  @Test
  void aCardThatNeverAnswersEndsFailedWithinBoundedTimeWithoutStallingTheListener() {
    // given
    OrderPlaced slow = orderPlaced(customer, "tok_slow");
    // an approved order whose StockReserved comes after tok_slow's on the same partition, so the same listener thread
    OrderPlaced fast = orderOnTheSamePartitionAs(slow);
    double timeoutsBefore = providerCalls("timeout");
    long started = System.nanoTime();
    // when
    events.publish(slow);
    events.publish(stockReserved(slow));
    events.publish(fast);
    events.publish(stockReserved(fast));
    // then: the approved order is through while the slow one is still waiting for the provider
    assertThat(events.awaitPaymentEvents(fast.orderId(), 1).get(0)).isInstanceOf(PaymentAuthorized.class);
    assertThat(events.paymentEventsOf(slow.orderId())).isEmpty();
    // and the slow one fails after its three timed-out attempts, well within the saga's limits
    List<IntegrationEvent> failed = events.awaitPaymentEvents(slow.orderId(), 1);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(failed).singleElement().isInstanceOfSatisfying(PaymentFailed.class,
        event -> assertThat(event.reason()).isEqualTo("PROVIDER_TIMEOUT"));
    assertThat(took).isBetween(Duration.ofSeconds(6), Duration.ofSeconds(20));
    var paymentId = ((PaymentFailed) failed.get(0)).paymentId();
    assertThat(provider.chargeCalls(PendingCharge.idempotencyKeyOf(paymentId))).isEqualTo(3);
    assertThat(providerCalls("timeout") - timeoutsBefore).isEqualTo(3);
    assertThat(mvc.get().uri("/api/payments?orderId=" + slow.orderId())
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwtIssuer.get().customer(customer.toString())).exchange())
        .bodyJson().extractingPath("$.status").isEqualTo("FAILED");
  }

  @Test
  void transientProviderFailuresAreRetriedAndChargeOnce() {
    // given: the provider fails the next two calls
    OrderPlaced order = orderPlaced(customer, "tok_visa");
    int chargesBefore = provider.chargesMade();
    provider.failNextCalls(2);
    // when
    events.publish(order);
    events.publish(stockReserved(order));
    // then
    List<IntegrationEvent> published = events.awaitPaymentEvents(order.orderId(), 1);
    assertThat(published).singleElement().isInstanceOf(PaymentAuthorized.class);
    String key = PendingCharge.idempotencyKeyOf(((PaymentAuthorized) published.get(0)).paymentId());
    assertThat(provider.chargeCalls(key)).isEqualTo(3);
    assertThat(provider.charged(key)).isTrue();
    assertThat(provider.chargesMade() - chargesBefore).isEqualTo(1);
  }

  @Test
  void anOpenBreakerFailsThePaymentAtOnceInsteadOfWaiting() {
    // given: the provider has been failing and the breaker is open
    guardedProvider.circuitBreaker().transitionToForcedOpenState();
    OrderPlaced order = orderPlaced(customer, "tok_visa");
    double failedBefore = meters.get("shopscale.payments").tag("outcome", "failed").counter().count();
    long started = System.nanoTime();
    // when
    events.publish(order);
    events.publish(stockReserved(order));
    // then
    List<IntegrationEvent> published = events.awaitPaymentEvents(order.orderId(), 1);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(published).singleElement().isInstanceOfSatisfying(PaymentFailed.class,
        event -> assertThat(event.reason()).isEqualTo("PROVIDER_UNAVAILABLE"));
    String key = PendingCharge.idempotencyKeyOf(((PaymentFailed) published.get(0)).paymentId());
    assertThat(provider.chargeCalls(key)).isZero();
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
        meters.get("shopscale.payments").tag("outcome", "failed").counter().count() - failedBefore).isEqualTo(1));
  }

  private OrderPlaced orderOnTheSamePartitionAs(OrderPlaced other) {
    int partition = events.partitionOf(Topics.INVENTORY, other.orderId());
    while (true) {
      OrderPlaced candidate = orderPlaced(customer, "tok_visa");
      if (events.partitionOf(Topics.INVENTORY, candidate.orderId()) == partition) {
        return candidate;
      }
    }
  }

  private double providerCalls(String outcome) {
    var timer = meters.find("shopscale.payment.provider.calls").tags("operation", "charge", "outcome", outcome)
        .timer();
    return timer == null ? 0 : timer.count();
  }
}
