package io.shopscale.inventory.product;

import io.shopscale.events.Money;

/** What an administrator says a product is; validated by the request that carries it. */
record ProductDraft(String sku, String name, String description, Money price) {
}
