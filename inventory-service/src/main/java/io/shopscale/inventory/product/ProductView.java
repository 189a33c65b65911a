package io.shopscale.inventory.product;

import java.time.Instant;
import java.util.UUID;

import io.shopscale.events.Money;

/** A product as the API shows it and as it is cached. */
public record ProductView(UUID id, String sku, String name, String description, Money price, int availableQuantity,
    long version, Instant updatedAt) {

  /** A strong validator that changes with every write, stock included. */
  public String etag() {
    return "\"" + version + "\"";
  }
}
