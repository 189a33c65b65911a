package io.shopscale.order.order;

import java.util.UUID;

import io.shopscale.events.Money;

/** A payment authorization for another amount than the order's total: it never confirms the order. */
public final class PaymentMismatchException extends RuntimeException {

  PaymentMismatchException(UUID orderId, Money total, Money paid) {
    super("Payment authorized for order " + orderId + " is " + paid.amount() + " " + paid.currency()
        + " but the order costs " + total.amount() + " " + total.currency());
  }
}
