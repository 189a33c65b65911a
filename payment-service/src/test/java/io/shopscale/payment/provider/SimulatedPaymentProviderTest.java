package io.shopscale.payment.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.shopscale.events.Money;
import org.junit.jupiter.api.Test;

class SimulatedPaymentProviderTest {

  private static final Money AMOUNT = Money.of("10.00", "USD");

  private final SimulatedPaymentProvider provider = new SimulatedPaymentProvider(
      new SimulatedProviderSettings(Duration.ofMillis(1), 0, Duration.ofSeconds(60), true));

  @Test
  void aRepeatedChargeGetsTheFirstAnswerAndTakesMoneyOnce() {
    ChargeResult first = provider.charge("key-1", AMOUNT, "tok_visa");
    ChargeResult again = provider.charge("key-1", AMOUNT, "tok_visa");

    assertThat(first).isInstanceOf(ChargeResult.Approved.class);
    assertThat(again).isEqualTo(first);
    assertThat(provider.chargeCalls("key-1")).isEqualTo(2);
    assertThat(provider.chargesMade()).isEqualTo(1);
    assertThat(provider.charged("key-1")).isTrue();
  }

  @Test
  void declinedAndUnknownCardsAreDeclinedWithoutTakingMoney() {
    assertThat(provider.charge("key-1", AMOUNT, "tok_chargeDeclined"))
        .isEqualTo(new ChargeResult.Declined("CARD_DECLINED"));
    assertThat(provider.charge("key-2", AMOUNT, "tok_unknown")).isEqualTo(new ChargeResult.Declined("INVALID_TOKEN"));
    assertThat(provider.chargesMade()).isZero();
    assertThat(provider.charged("key-1")).isFalse();
  }

  @Test
  void aTransientFailureHappensBeforeAnythingSoTheSameCallMaySucceedLater() {
    provider.failNextCalls(1);

    assertThatThrownBy(() -> provider.charge("key-1", AMOUNT, "tok_visa"))
        .isInstanceOf(ProviderUnavailableException.class);
    assertThat(provider.charged("key-1")).isFalse();

    assertThat(provider.charge("key-1", AMOUNT, "tok_visa")).isInstanceOf(ChargeResult.Approved.class);
    assertThat(provider.chargesMade()).isEqualTo(1);
  }

  @Test
  void aSlowCardKeepsTheCallWaitingUntilTheCallerGivesUp() throws InterruptedException {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread caller = new Thread(() -> {
      try {
        provider.charge("key-slow", AMOUNT, "tok_slow");
      }
      catch (RuntimeException ex) {
        failure.set(ex);
      }
    });
    caller.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> caller.getState() == Thread.State.TIMED_WAITING
        && provider.chargeCalls("key-slow") == 1);

    caller.interrupt();
    caller.join(Duration.ofSeconds(5).toMillis());

    assertThat(caller.isAlive()).isFalse();
    assertThat(failure.get()).isInstanceOf(ProviderUnavailableException.class);
    assertThat(provider.charged("key-slow")).isFalse();
  }

  @Test
  void aSlowCardIsDeclinedOnceTheProviderHasGivenUpOnItAndAskingAgainSaysSo() {
    var quick = new SimulatedPaymentProvider(new SimulatedProviderSettings(Duration.ZERO, 0, Duration.ofMillis(200),
        true));
    long started = System.nanoTime();

    assertThat(quick.charge("key-slow", AMOUNT, "tok_slow")).isEqualTo(new ChargeResult.Declined("PROCESSOR_TIMEOUT"));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    assertThat(quick.charge("key-slow", AMOUNT, "tok_slow")).isEqualTo(new ChargeResult.Declined("PROCESSOR_TIMEOUT"));
    assertThat(quick.charged("key-slow")).isFalse();
  }

  @Test
  void withoutTestCardsTheSlowAndDeclinedTokensAreInvalidAndAnsweredAtOnce() {
    var live = new SimulatedPaymentProvider(new SimulatedProviderSettings(Duration.ZERO, 0, Duration.ofSeconds(60),
        false));
    long started = System.nanoTime();

    assertThat(live.charge("key-1", AMOUNT, "tok_slow")).isEqualTo(new ChargeResult.Declined("INVALID_TOKEN"));
    assertThat(live.charge("key-2", AMOUNT, "tok_chargeDeclined"))
        .isEqualTo(new ChargeResult.Declined("INVALID_TOKEN"));
    assertThat(live.charge("key-3", AMOUNT, "tok_visa")).isInstanceOf(ChargeResult.Approved.class);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aRepeatedRefundPaysBackOnce() {
    var charge = (ChargeResult.Approved) provider.charge("key-1", AMOUNT, "tok_visa");

    String first = provider.refund("refund-1", charge.reference(), AMOUNT);
    String again = provider.refund("refund-1", charge.reference(), AMOUNT);

    assertThat(again).isEqualTo(first);
    assertThat(provider.refundCalls("refund-1")).isEqualTo(2);
    assertThat(provider.refundsMade()).isEqualTo(1);
  }

  @Test
  void failureRateOutsideZeroToOneIsRefused() {
    assertThatThrownBy(() -> new SimulatedProviderSettings(Duration.ZERO, 1.5, Duration.ZERO, true))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void failingBehaviourFailsEveryCallTransientlyUntilNormalAgain() {
    provider.behave(SimulatedPaymentProvider.Behaviour.FAILING, Duration.ZERO);

    assertThatThrownBy(() -> provider.charge("key-1", AMOUNT, "tok_visa"))
        .isInstanceOf(ProviderUnavailableException.class);
    assertThatThrownBy(() -> provider.refund("refund-1", "ch_1", AMOUNT))
        .isInstanceOf(ProviderUnavailableException.class);
    assertThat(provider.charged("key-1")).isFalse();

    provider.behave(SimulatedPaymentProvider.Behaviour.NORMAL, Duration.ZERO);
    assertThat(provider.charge("key-1", AMOUNT, "tok_visa")).isInstanceOf(ChargeResult.Approved.class);
  }

  @Test
  void slowBehaviourAddsItsLatencyToEveryCall() {
    provider.behave(SimulatedPaymentProvider.Behaviour.SLOW, Duration.ofMillis(300));

    long started = System.nanoTime();
    assertThat(provider.charge("key-1", AMOUNT, "tok_visa")).isInstanceOf(ChargeResult.Approved.class);

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }
}
