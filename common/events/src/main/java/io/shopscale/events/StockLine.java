package io.shopscale.events;

import java.util.Objects;
import java.util.UUID;

/** A quantity of one product, as reserved or released in stock. */
public record StockLine(UUID productId, int quantity) {

  public StockLine {
    Objects.requireNonNull(productId, "productId");
    if (quantity < 1) {
      throw new IllegalArgumentException("Quantity must be at least 1: " + quantity);
    }
  }
}
