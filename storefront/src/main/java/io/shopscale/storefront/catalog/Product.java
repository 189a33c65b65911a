package io.shopscale.storefront.catalog;

import java.util.UUID;

/** A product as the API returns it (fields the storefront does not show are ignored). */
public record Product(UUID id, String sku, String name, String description, Money price, int availableQuantity,
    long version) {

  /** Money as the API writes it: a decimal string and a currency code. */
  public record Money(String amount, String currency) {

    @Override
    public String toString() {
      return amount + " " + currency;
    }
  }
}
