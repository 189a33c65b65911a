package io.shopscale.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.UUID;

import io.shopscale.events.Money;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The payment state machine: every input sequence the saga can produce, and the moves it must refuse. */
class PaymentTest {

  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final UUID USER = UUID.randomUUID();
  private static final Money TOTAL = Money.of("19.99", "USD");
  private static final Duration GRACE = Duration.ofSeconds(30);
  private static final RetrySettings RETRY = new RetrySettings(GRACE, Duration.ofSeconds(30), Duration.ofMinutes(30),
      3);

  private final UUID orderId = UUID.randomUUID();
  private final Payment payment = new Payment(UUID.randomUUID(), orderId, NOW);

  @Test
  void chargeStartsWhenStockIsReservedAfterTheOrderWasPlaced() {
    assertThat(placed(payment)).isFalse();
    assertThat(payment.state()).isEqualTo(PaymentState.AWAITING_STOCK);

    assertThat(payment.stockReserved("c-2", NOW)).isTrue();

    assertThat(payment.state()).isEqualTo(PaymentState.CHARGING);
    assertThat(payment.outstandingWork()).isInstanceOfSatisfying(PendingCharge.class, charge -> {
      assertThat(charge.amount()).isEqualTo(TOTAL);
      assertThat(charge.paymentToken()).isEqualTo("tok_visa");
      assertThat(charge.idempotencyKey()).isEqualTo(PendingCharge.idempotencyKeyOf(payment.id()));
      assertThat(charge.correlationId()).isEqualTo("c-2");
    });
  }

  @Test
  void chargeStartsWhenTheOrderArrivesAfterItsStockReservation() {
    assertThat(payment.stockReserved("c-1", NOW)).isFalse();
    assertThat(payment.state()).isEqualTo(PaymentState.AWAITING_ORDER);

    assertThat(placed(payment)).isTrue();

    assertThat(payment.state()).isEqualTo(PaymentState.CHARGING);
  }

  @Test
  void repeatedInputsStartNothingAgain() {
    placed(payment);
    payment.stockReserved("c", NOW);
    // when: both arrive again (a producer re-published them under new event ids)
    assertThat(placed(payment)).isFalse();
    assertThat(payment.stockReserved("c", NOW)).isFalse();
    // then
    assertThat(payment.state()).isEqualTo(PaymentState.CHARGING);
  }

  @Test
  void undecidedPaymentsAreInvisible() {
    assertThat(payment.view()).isEmpty();
    placed(payment);
    assertThat(payment.view()).isEmpty();
    payment.stockReserved("c", NOW);
    assertThat(payment.view()).isEmpty();
  }

  @Test
  void authorizedChargeIsVisibleToItsOwnerAndPublishedOnce() {
    charging(payment);
    assertThat(payment.authorize("ch_1", NOW)).isFalse();

    assertThat(payment.view()).hasValueSatisfying(view -> {
      assertThat(view.status()).isEqualTo(PaymentStatus.AUTHORIZED);
      assertThat(view.amount()).isEqualTo(TOTAL);
    });
    assertThat(payment.isOwnedBy(USER.toString())).isTrue();
    assertThat(payment.isOwnedBy(UUID.randomUUID().toString())).isFalse();
    assertThat(payment.registeredEvents()).containsExactly(new Payment.Authorized(payment.id(), orderId, TOTAL));
  }

  @Test
  void cancellationBeforeTheChargeStartedMeansNeverCharging() {
    placed(payment);
    assertThat(payment.cancel("c", NOW)).isFalse();
    assertThat(payment.state()).isEqualTo(PaymentState.CANCELLED);
    // when: the stock reservation arrives late
    assertThat(payment.stockReserved("c", NOW)).isFalse();
    // then
    assertThat(payment.state()).isEqualTo(PaymentState.CANCELLED);
    assertThat(payment.view()).isEmpty();
    assertThat(payment.registeredEvents()).isEmpty();
  }

  @Test
  void cancellationBeforeAnyOtherInputIsFinalToo() {
    assertThat(payment.cancel("c", NOW)).isFalse();
    assertThat(placed(payment)).isFalse();
    assertThat(payment.stockReserved("c", NOW)).isFalse();
    assertThat(payment.state()).isEqualTo(PaymentState.CANCELLED);
  }

  @Test
  void cancellationDuringTheChargeRefundsAsSoonAsItIsAuthorized() {
    charging(payment);
    assertThat(payment.cancel("cancel-1", NOW)).isFalse();
    assertThat(payment.state()).isEqualTo(PaymentState.CHARGING);

    assertThat(payment.authorize("ch_1", NOW)).isTrue();

    assertThat(payment.state()).isEqualTo(PaymentState.REFUNDING);
    assertThat(payment.outstandingWork()).isInstanceOfSatisfying(PendingRefund.class, refund -> {
      assertThat(refund.chargeReference()).isEqualTo("ch_1");
      assertThat(refund.idempotencyKey()).isEqualTo(PendingRefund.idempotencyKeyOf(payment.id()));
      assertThat(refund.correlationId()).isEqualTo("cancel-1");
    });
    // the authorization is still published: the order saga must hear of it before the refund
    assertThat(payment.registeredEvents()).containsExactly(new Payment.Authorized(payment.id(), orderId, TOTAL));
    // a refund in flight still holds the money
    assertThat(payment.view()).map(PaymentView::status).hasValue(PaymentStatus.AUTHORIZED);
  }

  @Test
  void cancellationDuringAChargeThatIsDeclinedNeedsNoRefund() {
    charging(payment);
    payment.cancel("c", NOW);
    payment.decline("CARD_DECLINED", NOW);
    assertThat(payment.state()).isEqualTo(PaymentState.DECLINED);
    assertThat(payment.registeredEvents())
        .containsExactly(new Payment.Declined(payment.id(), orderId, "CARD_DECLINED"));
  }

  @Test
  void cancellationAfterAuthorizationRefunds() {
    charging(payment);
    payment.authorize("ch_1", NOW);

    assertThat(payment.cancel("c", NOW)).isTrue();
    payment.refunded("re_1", NOW);

    assertThat(payment.state()).isEqualTo(PaymentState.REFUNDED);
    assertThat(payment.view()).map(PaymentView::status).hasValue(PaymentStatus.REFUNDED);
    assertThat(payment.registeredEvents()).containsExactly(new Payment.Authorized(payment.id(), orderId, TOTAL),
        new Payment.Refunded(payment.id(), orderId, TOTAL));
    // and a second cancellation refunds nothing more
    assertThat(payment.cancel("c", NOW)).isFalse();
  }

  @Test
  void declinedAndFailedPaymentsIgnoreCancellation() {
    charging(payment);
    payment.chargeUnanswered("PROVIDER_UNAVAILABLE", false, NOW, RETRY);
    assertThat(payment.cancel("c", NOW)).isFalse();
    assertThat(payment.state()).isEqualTo(PaymentState.FAILED);
    assertThat(payment.view()).map(PaymentView::status).hasValue(PaymentStatus.FAILED);
    assertThat(payment.registeredEvents())
        .containsExactly(new Payment.Failed(payment.id(), orderId, "PROVIDER_UNAVAILABLE"));
  }

  @Test
  void aChargeThatMayHaveBeenMadeIsUnknownTheSagaHearsItFailedAndItIsAskedAgainWithBackoff() {
    charging(payment);
    // when: every attempt timed out
    assertThat(payment.chargeUnanswered("PROVIDER_TIMEOUT", true, NOW, RETRY)).isTrue();
    // then
    assertThat(payment.state()).isEqualTo(PaymentState.CHARGE_UNKNOWN);
    assertThat(payment.view()).map(PaymentView::status).hasValue(PaymentStatus.FAILED);
    assertThat(payment.registeredEvents())
        .containsExactly(new Payment.Failed(payment.id(), orderId, "PROVIDER_TIMEOUT"));
    assertThat(payment.retryAt()).isEqualTo(NOW.plusSeconds(30));
    assertThat(payment.outstandingWork()).isInstanceOfSatisfying(PendingCharge.class, charge -> {
      assertThat(charge.idempotencyKey()).isEqualTo(PendingCharge.idempotencyKeyOf(payment.id()));
      assertThat(charge.customerId()).isEqualTo(USER);
    });
    // and a second unanswered call waits twice as long, telling the saga nothing more
    assertThat(payment.chargeUnanswered("PROVIDER_TIMEOUT", true, NOW, RETRY)).isFalse();
    assertThat(payment.retryAt()).isEqualTo(NOW.plusSeconds(60));
    assertThat(payment.unansweredAttempts()).isEqualTo(2);
    assertThat(payment.registeredEvents()).hasSize(1);
  }

  @Test
  void anApprovalOfAnUnknownChargeIsRefundedWithoutAnAuthorization() {
    charging(payment);
    payment.chargeUnanswered("PROVIDER_TIMEOUT", true, NOW, RETRY);
    // when
    assertThat(payment.authorize("ch_late", NOW)).isTrue();
    // then
    assertThat(payment.state()).isEqualTo(PaymentState.REFUNDING);
    assertThat(payment.outstandingWork()).isInstanceOfSatisfying(PendingRefund.class,
        refund -> assertThat(refund.chargeReference()).isEqualTo("ch_late"));
    payment.refunded("re_1", NOW);
    assertThat(payment.registeredEvents()).containsExactly(
        new Payment.Failed(payment.id(), orderId, "PROVIDER_TIMEOUT"),
        new Payment.Refunded(payment.id(), orderId, TOTAL));
  }

  @Test
  void anApprovalAfterARecordedFailureIsRefunded() {
    // given: this instance found the provider unreachable, while a re-drive elsewhere reached it
    charging(payment);
    payment.chargeUnanswered("PROVIDER_UNAVAILABLE", false, NOW, RETRY);
    // when
    assertThat(payment.acceptsApproval()).isTrue();
    assertThat(payment.authorize("ch_elsewhere", NOW)).isTrue();
    // then
    assertThat(payment.state()).isEqualTo(PaymentState.REFUNDING);
  }

  @Test
  void aDeclineOfAnUnknownChargeEndsItFailedQuietly() {
    charging(payment);
    payment.chargeUnanswered("PROVIDER_TIMEOUT", true, NOW, RETRY);

    payment.decline("PROCESSOR_TIMEOUT", NOW);

    assertThat(payment.state()).isEqualTo(PaymentState.FAILED);
    assertThat(payment.awaitsCharge()).isFalse();
    assertThat(payment.registeredEvents()).hasSize(1);
  }

  @Test
  void anUnansweredRefundIsAskedAgainAfterADoublingWaitUpToTheCap() {
    charging(payment);
    payment.authorize("ch_1", NOW);
    payment.cancel("c", NOW);
    for (int unanswered = 1; unanswered <= 10; unanswered++) {
      payment.refundUnanswered(NOW, RETRY);
    }
    assertThat(payment.unansweredAttempts()).isEqualTo(10);
    assertThat(payment.retryAt()).isEqualTo(NOW.plus(RETRY.maxBackoff()));
    assertThat(RETRY.backoffAfter(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(RETRY.backoffAfter(2)).isEqualTo(Duration.ofMinutes(1));
    assertThat(RETRY.backoffAfter(4)).isEqualTo(Duration.ofMinutes(4));
    assertThat(RETRY.backoffAfter(7)).isEqualTo(Duration.ofMinutes(30));
    assertThat(RETRY.backoffAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void anAnswerForAChargeThatWasNeverStartedIsRefused() {
    placed(payment);
    assertThatThrownBy(() -> payment.authorize("ch_1", NOW)).isInstanceOf(IllegalPaymentTransition.class)
        .hasMessageContaining("AWAITING_STOCK").hasMessageContaining("AUTHORIZED");
    assertThatThrownBy(() -> payment.decline("CARD_DECLINED", NOW)).isInstanceOf(IllegalPaymentTransition.class);
    assertThat(payment.state()).isEqualTo(PaymentState.AWAITING_STOCK);
    assertThat(payment.registeredEvents()).isEmpty();
  }

  @Test
  void aDecidedChargeCannotBeDecidedAgain() {
    charging(payment);
    payment.authorize("ch_1", NOW);
    assertThatThrownBy(() -> payment.authorize("ch_2", NOW)).isInstanceOf(IllegalPaymentTransition.class);
    assertThatThrownBy(() -> payment.decline("CARD_DECLINED", NOW)).isInstanceOf(IllegalPaymentTransition.class);
    assertThatThrownBy(() -> payment.chargeUnanswered("PROVIDER_TIMEOUT", true, NOW, RETRY))
        .isInstanceOf(IllegalPaymentTransition.class);
  }

  @Test
  void aRefundNeedsARefundInProgress() {
    charging(payment);
    payment.authorize("ch_1", NOW);
    assertThatThrownBy(() -> payment.refunded("re_1", NOW)).isInstanceOf(IllegalPaymentTransition.class);

    Payment cancelled = new Payment(UUID.randomUUID(), UUID.randomUUID(), NOW);
    cancelled.cancel("c", NOW);
    assertThatThrownBy(() -> cancelled.refunded("re_1", NOW)).isInstanceOf(IllegalPaymentTransition.class);
    assertThatThrownBy(() -> cancelled.chargeUnanswered("PROVIDER_TIMEOUT", false, NOW, RETRY))
        .isInstanceOf(IllegalPaymentTransition.class);
  }

  @Test
  void onlyOutstandingPaymentsCanBeRedriven() {
    placed(payment);
    assertThatThrownBy(() -> payment.handOver(NOW, GRACE)).isInstanceOf(IllegalStateException.class);
    payment.stockReserved("c", NOW);
    assertThat(payment.handOver(NOW.plusSeconds(60), GRACE)).isInstanceOf(PendingCharge.class);
    assertThat(payment.retryAt()).isEqualTo(NOW.plusSeconds(60).plus(GRACE));
  }

  @ParameterizedTest
  @EnumSource(value = PaymentState.class, names = {"DECLINED", "REFUNDED", "CANCELLED"})
  void finalStatesLeadNowhere(PaymentState state) {
    assertThat(state.next()).isEmpty();
    for (PaymentState target : PaymentState.values()) {
      assertThat(state.canMoveTo(target)).isFalse();
    }
  }

  @Test
  void onlyDecidedStatesAreVisible() {
    var visible = EnumSet.noneOf(PaymentState.class);
    for (PaymentState state : PaymentState.values()) {
      state.visibleAs().ifPresent(status -> visible.add(state));
    }
    assertThat(visible).containsExactlyInAnyOrder(PaymentState.AUTHORIZED, PaymentState.DECLINED, PaymentState.FAILED,
        PaymentState.CHARGE_UNKNOWN, PaymentState.REFUNDING, PaymentState.REFUNDED);
  }

  private static boolean placed(Payment payment) {
    return payment.orderPlaced(USER, TOTAL, "tok_visa", "c-1", NOW);
  }

  private static void charging(Payment payment) {
    placed(payment);
    payment.stockReserved("c-2", NOW);
  }
}
