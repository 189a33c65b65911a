package io.shopscale.payment.payment;

import java.time.Instant;
import java.util.UUID;

import io.shopscale.events.Money;

/** A decided payment as the API shows it. */
public record PaymentView(UUID id, UUID orderId, PaymentStatus status, Money amount, Instant updatedAt) {
}
