package io.shopscale.events;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Inventory could not reserve an order's stock and reserved none of it. */
public record StockReservationFailed(UUID orderId, List<UUID> unavailableProductIds) implements OrderEvent {

  public static final String TYPE = "io.shopscale.inventory.StockReservationFailed.v1";

  public StockReservationFailed {
    Objects.requireNonNull(orderId, "orderId");
    unavailableProductIds = List.copyOf(unavailableProductIds);
  }

  @Override
  public String type() {
    return TYPE;
  }
}
