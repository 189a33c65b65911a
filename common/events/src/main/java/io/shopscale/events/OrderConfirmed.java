package io.shopscale.events;

import java.util.Objects;
import java.util.UUID;

/** Stock is reserved and payment authorized; inventory commits the reservation. */
public record OrderConfirmed(UUID orderId) implements OrderEvent {

  public static final String TYPE = "io.shopscale.order.OrderConfirmed.v1";

  public OrderConfirmed {
    Objects.requireNonNull(orderId, "orderId");
  }

  @Override
  public String type() {
    return TYPE;
  }
}
