package io.shopscale.events;

import java.util.Objects;
import java.util.UUID;

/** The charge for an order was paid back. */
public record PaymentRefunded(UUID paymentId, UUID orderId, Money amount) implements OrderEvent {

  public static final String TYPE = "io.shopscale.payment.PaymentRefunded.v1";

  public PaymentRefunded {
    Objects.requireNonNull(paymentId, "paymentId");
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(amount, "amount");
  }

  @Override
  public String type() {
    return TYPE;
  }
}
