package io.shopscale.events;

import java.util.Objects;
import java.util.UUID;

/** The order will not be fulfilled; inventory releases its stock when {@code stockWasReserved}. */
public record OrderCancelled(UUID orderId, String reason, boolean stockWasReserved) implements OrderEvent {

  public static final String TYPE = "io.shopscale.order.OrderCancelled.v1";

  public OrderCancelled {
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String type() {
    return TYPE;
  }
}
