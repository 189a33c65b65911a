package io.shopscale.payment.payment;

import java.util.UUID;

/** A provider call a payment is waiting for: its charge or its refund. */
public sealed interface ProviderWork permits PendingCharge, PendingRefund {

  UUID paymentId();

  String correlationId();
}
