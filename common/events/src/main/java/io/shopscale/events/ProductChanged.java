package io.shopscale.events;

import java.util.Objects;
import java.util.UUID;

/** A product's catalog data changed; caches holding an older {@code version} are stale. */
public record ProductChanged(UUID productId, long version) implements IntegrationEvent {

  public static final String TYPE = "io.shopscale.inventory.ProductChanged.v1";

  public ProductChanged {
    Objects.requireNonNull(productId, "productId");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String subject() {
    return productId.toString();
  }
}
