package io.shopscale.events;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Inventory set aside every line of an order; payment may now charge it. */
public record StockReserved(UUID orderId, List<StockLine> lines) implements OrderEvent {

  public static final String TYPE = "io.shopscale.inventory.StockReserved.v1";

  public StockReserved {
    Objects.requireNonNull(orderId, "orderId");
    lines = List.copyOf(lines);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("A reservation has at least one line");
    }
  }

  @Override
  public String type() {
    return TYPE;
  }
}
