package io.shopscale.payment.payment;

import java.util.UUID;

import io.shopscale.events.Money;

/**
 * A charge to send to the provider, handed over after the commit that started it, or again while its outcome is
 * unknown.
 *
 * @param customerId the order's owner: one customer's charges may not take every worker (and a slow card of theirs
 *     may not open the breaker for everyone)
 * @param idempotencyKey the same for every attempt and every re-drive of this payment's charge, so the provider
 *     charges at most once whatever happens on our side
 * @param correlationId of the event that started the charge, carried on to the outcome's event
 */
public record PendingCharge(UUID paymentId, UUID orderId, UUID customerId, String idempotencyKey, Money amount,
    String paymentToken, String correlationId) implements ProviderWork {

  public static String idempotencyKeyOf(UUID paymentId) {
    return "payment-" + paymentId + "-charge";
  }
}
