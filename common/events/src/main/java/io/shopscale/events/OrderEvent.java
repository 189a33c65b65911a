package io.shopscale.events;

import java.util.UUID;

/**
 * An event in the life of one order, whichever service publishes it. All of them are keyed by the order id, so the
 * order saga sees one order's stock and payment events in the order they happened (a payment's events are keyed by
 * its order, not by the payment).
 */
public sealed interface OrderEvent extends IntegrationEvent
    permits OrderPlaced, OrderConfirmed, OrderCancelled, StockReserved, StockReservationFailed,
    PaymentAuthorized, PaymentDeclined, PaymentFailed, PaymentRefunded {

  UUID orderId();

  @Override
  default String subject() {
    return orderId().toString();
  }
}
