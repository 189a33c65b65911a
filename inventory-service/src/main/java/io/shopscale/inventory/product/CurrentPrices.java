package io.shopscale.inventory.product;

import java.util.List;
import java.util.UUID;

import io.shopscale.events.Money;

/** The primary's prices of the products asked for that exist; an unknown id is simply not among them. */
record CurrentPrices(List<ProductPrice> prices) {

  record ProductPrice(UUID productId, Money price) {
  }
}
