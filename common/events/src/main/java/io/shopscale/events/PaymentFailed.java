package io.shopscale.events;

import java.util.Objects;
import java.util.UUID;

/** The charge could not be completed for a technical reason (provider unavailable, timed out). */
public record PaymentFailed(UUID paymentId, UUID orderId, String reason) implements OrderEvent {

  public static final String TYPE = "io.shopscale.payment.PaymentFailed.v1";

  public PaymentFailed {
    Objects.requireNonNull(paymentId, "paymentId");
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String type() {
    return TYPE;
  }
}
