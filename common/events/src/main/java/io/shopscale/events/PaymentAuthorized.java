package io.shopscale.events;

import java.util.Objects;
import java.util.UUID;

/** The provider authorized the charge for an order. */
public record PaymentAuthorized(UUID paymentId, UUID orderId, Money amount) implements OrderEvent {

  public static final String TYPE = "io.shopscale.payment.PaymentAuthorized.v1";

  public PaymentAuthorized {
    Objects.requireNonNull(paymentId, "paymentId");
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(amount, "amount");
  }

  @Override
  public String type() {
    return TYPE;
  }
}
