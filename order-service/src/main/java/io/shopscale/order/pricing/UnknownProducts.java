package io.shopscale.order.pricing;

import java.util.Set;
import java.util.UUID;

/** Products an order names that the catalog does not have. */
public final class UnknownProducts extends RuntimeException {

  private final Set<UUID> productIds;

  UnknownProducts(Set<UUID> productIds) {
    super("Unknown products: " + productIds);
    this.productIds = Set.copyOf(productIds);
  }

  public Set<UUID> productIds() {
    return productIds;
  }
}
