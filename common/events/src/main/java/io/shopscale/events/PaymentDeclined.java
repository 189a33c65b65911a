package io.shopscale.events;

import java.util.Objects;
import java.util.UUID;

/** The provider refused the charge (e.g. card declined). */
public record PaymentDeclined(UUID paymentId, UUID orderId, String reason) implements OrderEvent {

  public static final String TYPE = "io.shopscale.payment.PaymentDeclined.v1";

  public PaymentDeclined {
    Objects.requireNonNull(paymentId, "paymentId");
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String type() {
    return TYPE;
  }
}
