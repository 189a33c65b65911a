package io.shopscale.payment.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopscale.events.Money;
import io.shopscale.payment.provider.ProviderResilienceSettings.BreakerSettings;
import io.shopscale.payment.provider.ProviderResilienceSettings.BulkheadSettings;
import io.shopscale.payment.provider.ProviderResilienceSettings.RetrySettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The guards around the provider, with short limits so that each behaviour shows within a second. */
class ResilientPaymentProviderTest {

  private static final Money AMOUNT = Money.of("10.00", "USD");
  private static final UUID CUSTOMER = UUID.randomUUID();

  private final SimulatedPaymentProvider simulated = new SimulatedPaymentProvider(
      new SimulatedProviderSettings(Duration.ZERO, 0, Duration.ofSeconds(60), true));
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ResilientPaymentProvider provider = new ResilientPaymentProvider(simulated,
      new ProviderResilienceSettings(Duration.ofMillis(200),
          new RetrySettings(3, Duration.ofMillis(10), 2.0, 0.5, Duration.ofMillis(50)),
          new BreakerSettings(6, 6, 50, Duration.ofMinutes(1), 1, Duration.ofMinutes(1)),
          new BulkheadSettings(4, Duration.ofMillis(10))),
      meters);

  @AfterEach
  void close() {
    provider.close();
  }

  @Test
  void aCardThatNeverAnswersFailsAsTimeoutAfterEveryAttemptTimedOut() {
    String key = key();
    long started = System.nanoTime();

    ChargeResult result = provider.charge(key, AMOUNT, "tok_slow", CUSTOMER);

    assertThat(result).isEqualTo(new ChargeResult.Unanswered("PROVIDER_TIMEOUT", true));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    assertThat(simulated.chargeCalls(key)).isEqualTo(3);
    assertThat(meters.get("shopscale.payment.provider.calls").tags("operation", "charge", "outcome", "timeout")
        .timer().count()).isEqualTo(3);
  }

  @Test
  void aDeclineIsAnAnswerAndIsNotRetried() {
    String key = key();

    assertThat(provider.charge(key, AMOUNT, "tok_chargeDeclined", CUSTOMER))
        .isEqualTo(new ChargeResult.Declined("CARD_DECLINED"));

    assertThat(simulated.chargeCalls(key)).isEqualTo(1);
    assertThat(provider.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isZero();
  }

  @Test
  void transientFailuresAreRetriedWithTheSameKeyAndChargeOnce() {
    String key = key();
    simulated.failNextCalls(2);

    ChargeResult result = provider.charge(key, AMOUNT, "tok_visa", CUSTOMER);

    assertThat(result).isInstanceOf(ChargeResult.Approved.class);
    assertThat(simulated.chargeCalls(key)).isEqualTo(3);
    assertThat(simulated.chargesMade()).isEqualTo(1);
  }

  @Test
  void failuresBeyondTheRetryBudgetLeaveTheChargeUnanswered() {
    String key = key();
    simulated.failNextCalls(3);

    assertThat(provider.charge(key, AMOUNT, "tok_visa", CUSTOMER))
        .isEqualTo(new ChargeResult.Unanswered("PROVIDER_UNAVAILABLE", false));
    assertThat(simulated.charged(key)).isFalse();
  }

  @Test
  void anOpenBreakerRefusesAtOnceWithoutCallingTheProvider() {
    // given: two charges fail three times each, six failures in a window of six
    simulated.failNextCalls(6);
    provider.charge(key(), AMOUNT, "tok_visa", CUSTOMER);
    provider.charge(key(), AMOUNT, "tok_visa", CUSTOMER);
    assertThat(provider.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
    // when
    String key = key();
    long started = System.nanoTime();
    ChargeResult result = provider.charge(key, AMOUNT, "tok_visa", CUSTOMER);
    // then
    assertThat(result).isEqualTo(new ChargeResult.Unanswered("PROVIDER_UNAVAILABLE", false));
    assertThat(simulated.chargeCalls(key)).isZero();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
    assertThat(meters.get("resilience4j.circuitbreaker.state").tags("name", "payment-provider", "state", "open")
        .gauge().value()).isEqualTo(1.0);
  }

  @Test
  void oneCustomersSlowCardsDoNotOpenTheBreakerWhileManyCustomersTimingOutDo() {
    var quick = new ResilientPaymentProvider(simulated, new ProviderResilienceSettings(Duration.ofMillis(50),
        new RetrySettings(3, Duration.ofMillis(10), 2.0, 0.5, Duration.ofMillis(50)),
        new BreakerSettings(6, 6, 50, Duration.ofMinutes(1), 1, Duration.ofMinutes(1)),
        new BulkheadSettings(4, Duration.ofMillis(10))), new SimpleMeterRegistry());
    try {
      // when: one customer's three slow cards, nine timed-out attempts
      UUID slowCustomer = UUID.randomUUID();
      for (int i = 0; i < 3; i++) {
        assertThat(quick.charge(key(), AMOUNT, "tok_slow", slowCustomer))
            .isEqualTo(new ChargeResult.Unanswered("PROVIDER_TIMEOUT", true));
      }
      // then: they count as one
      assertThat(quick.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
      assertThat(quick.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
      assertThat(quick.charge(key(), AMOUNT, "tok_visa", UUID.randomUUID())).isInstanceOf(ChargeResult.Approved.class);
      // when: the provider is slow for five more customers, each a vote
      for (int i = 0; i < 5; i++) {
        quick.charge(key(), AMOUNT, "tok_slow", UUID.randomUUID());
      }
      // then
      assertThat(quick.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }
    finally {
      quick.close();
    }
  }

  @Test
  void callsBeyondTheBulkheadAreTurnedAwayWithoutReachingTheProvider() {
    // given: four charges (the bulkhead's limit) are stuck at the provider, well within a generous time limit
    var patient = new ResilientPaymentProvider(simulated, new ProviderResilienceSettings(Duration.ofSeconds(30),
        new RetrySettings(3, Duration.ofMillis(10), 2.0, 0.5, Duration.ofMillis(50)),
        new BreakerSettings(6, 6, 50, Duration.ofMinutes(1), 1, Duration.ofMinutes(1)),
        new BulkheadSettings(4, Duration.ofMillis(10))), new SimpleMeterRegistry());
    simulated.holdCharges();
    ExecutorService callers = Executors.newFixedThreadPool(4);
    var stuck = new ArrayList<CompletableFuture<ChargeResult>>();
    for (int i = 0; i < 4; i++) {
      stuck.add(CompletableFuture.supplyAsync(() -> patient.charge(key(), AMOUNT, "tok_visa", CUSTOMER), callers));
    }
    try {
      await().atMost(Duration.ofSeconds(5)).until(() -> simulated.chargeCalls() == 4);
      // when
      String key = key();
      ChargeResult result = patient.charge(key, AMOUNT, "tok_visa", CUSTOMER);
      // then
      assertThat(result).isEqualTo(new ChargeResult.Unanswered("PROVIDER_UNAVAILABLE", false));
      assertThat(simulated.chargeCalls(key)).isZero();
      assertThat(patient.circuitBreaker().getMetrics().getNumberOfFailedCalls())
          .as("our own full bulkhead says nothing about the provider").isZero();
    }
    finally {
      simulated.releaseCharges();
      stuck.forEach(call -> assertThat(call.join()).isInstanceOf(ChargeResult.Approved.class));
      callers.shutdown();
      patient.close();
    }
  }

  @Test
  void refundsGoThroughTheSameGuards() {
    var charge = (ChargeResult.Approved) provider.charge(key(), AMOUNT, "tok_visa", CUSTOMER);
    simulated.failNextCalls(1);

    RefundResult refund = provider.refund("refund-" + key(), charge.reference(), AMOUNT);

    assertThat(refund).isInstanceOf(RefundResult.Refunded.class);
    assertThat(simulated.refundsMade()).isEqualTo(1);
  }

  private static String key() {
    return "payment-" + UUID.randomUUID() + "-charge";
  }
}
