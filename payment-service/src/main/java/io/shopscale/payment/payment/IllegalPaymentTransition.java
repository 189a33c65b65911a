package io.shopscale.payment.payment;

import java.util.UUID;

/** A step the state machine does not allow: a bug in the caller, never a client error. */
final class IllegalPaymentTransition extends IllegalStateException {

  IllegalPaymentTransition(UUID paymentId, PaymentState from, PaymentState to) {
    super("Payment " + paymentId + " cannot move from " + from + " to " + to);
  }
}
