package io.shopscale.events;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** A customer placed an order; inventory reserves its stock, payment charges it once reserved. */
public record OrderPlaced(UUID orderId, UUID userId, List<Line> lines, Money total, String paymentToken)
    implements
      OrderEvent {

  public static final String TYPE = "io.shopscale.order.OrderPlaced.v1";

  public OrderPlaced {
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(userId, "userId");
    lines = List.copyOf(lines);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("An order has at least one line");
    }
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(paymentToken, "paymentToken");
  }

  @Override
  public String type() {
    return TYPE;
  }

  /** The price the customer was quoted when ordering, so later price changes do not alter the order. */
  public record Line(UUID productId, int quantity, Money unitPrice) {

    public Line {
      Objects.requireNonNull(productId, "productId");
      if (quantity < 1) {
        throw new IllegalArgumentException("Quantity must be at least 1: " + quantity);
      }
      Objects.requireNonNull(unitPrice, "unitPrice");
    }
  }
}
