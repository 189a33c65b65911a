package io.shopscale.payment.payment;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Where a payment is in the saga. Only the decided states are visible through the API ({@link #visibleAs()}); the
 * others are this service's bookkeeping.
 */
enum PaymentState {

  /** Just inserted; never committed in this state (the inserting transaction moves it on). */
  NEW,
  /** OrderPlaced seen (amount, owner, token known), StockReserved not yet. */
  AWAITING_STOCK,
  /** StockReserved seen, OrderPlaced not yet. */
  AWAITING_ORDER,
  /** Both seen: a provider charge is outstanding. */
  CHARGING,
  /**
   * The charge got no answer and may have been made (an attempt timed out): the saga has been told the payment
   * failed, and the provider is asked again by the charge's idempotency key, with back-off, until it answers. A decline
   * ends it FAILED; an approval is refunded, since the order has been given up on.
   */
  CHARGE_UNKNOWN, AUTHORIZED, DECLINED,
  /** Nothing was charged: the provider could not be reached, or a charge that was unknown turned out declined. */
  FAILED,
  /**
   * Authorized, then the order was cancelled; or approved after the saga had been told the payment failed: a provider
   * refund is outstanding.
   */
  REFUNDING, REFUNDED,
  /** The order was cancelled before the charge started: nothing was or will be charged. */
  CANCELLED;

  /** The states each state may move to; anything else is a bug and is refused. */
  Set<PaymentState> next() {
    return switch (this) {
      case NEW -> EnumSet.of(AWAITING_STOCK, AWAITING_ORDER, CANCELLED);
      case AWAITING_STOCK, AWAITING_ORDER -> EnumSet.of(CHARGING, CANCELLED);
      case CHARGING -> EnumSet.of(AUTHORIZED, DECLINED, FAILED, CHARGE_UNKNOWN);
      case CHARGE_UNKNOWN -> EnumSet.of(FAILED, REFUNDING);
      // a re-driven call on another instance may still get an approval after this one recorded a failure
      case AUTHORIZED, FAILED -> EnumSet.of(REFUNDING);
      case REFUNDING -> EnumSet.of(REFUNDED);
      case DECLINED, REFUNDED, CANCELLED -> EnumSet.noneOf(PaymentState.class);
    };
  }

  boolean canMoveTo(PaymentState target) {
    return next().contains(target);
  }

  /**
   * What a client sees. A refund in progress still holds the customer's money, so it shows as AUTHORIZED until the
   * provider confirms the refund; undecided and cancelled payments do not exist for clients.
   */
  Optional<PaymentStatus> visibleAs() {
    return switch (this) {
      case AUTHORIZED, REFUNDING -> Optional.of(PaymentStatus.AUTHORIZED);
      case DECLINED -> Optional.of(PaymentStatus.DECLINED);
      case FAILED, CHARGE_UNKNOWN -> Optional.of(PaymentStatus.FAILED);
      case REFUNDED -> Optional.of(PaymentStatus.REFUNDED);
      case NEW, AWAITING_STOCK, AWAITING_ORDER, CHARGING, CANCELLED -> Optional.empty();
    };
  }
}
