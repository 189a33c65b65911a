package io.shopscale.storefront.catalog;

import java.util.UUID;

import org.springframework.stereotype.Component;

import io.shopscale.storefront.api.ShopApi;

/** Reads one product from the public catalog; the cart, orders and admin pages use it too. */
@Component
public class Catalog {

  private final ShopApi api;

  Catalog(ShopApi api) {
    this.api = api;
  }

  /** The product, or an {@link io.shopscale.storefront.api.ApiProblem} (404 for an unknown one). */
  public Product product(UUID id) {
    return api.call(() -> api.client().get().uri("/api/products/{id}", id).retrieve().body(Product.class));
  }
}
