package io.shopscale.payment.payment;

import java.util.UUID;

import io.shopscale.events.Money;

/**
 * A refund to send to the provider for an authorized charge of a cancelled order.
 *
 * @param idempotencyKey the same for every attempt and re-drive of this payment's refund
 * @param chargeReference the provider's id of the charge to pay back
 */
public record PendingRefund(UUID paymentId, UUID orderId, String idempotencyKey, String chargeReference, Money amount,
    String correlationId) implements ProviderWork {

  public static String idempotencyKeyOf(UUID paymentId) {
    return "payment-" + paymentId + "-refund";
  }
}
