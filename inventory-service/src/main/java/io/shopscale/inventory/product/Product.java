package io.shopscale.inventory.product;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.shopscale.events.Money;
import io.shopscale.platform.ids.Uuid7;

/** A product of the catalog. Its version is the optimistic lock and the ETag: every change moves it on. */
@Entity
@Table(name = "products")
class Product {

  @Id
  private UUID id;
  private String sku;
  private String name;
  private String description;
  @Column(name = "price_amount")
  private BigDecimal priceAmount;
  private String currency;
  @Column(name = "available_quantity")
  private int availableQuantity;
  @Version
  private long version;
  @Column(name = "created_at")
  private Instant createdAt;
  @Column(name = "updated_at")
  private Instant updatedAt;

  protected Product() {
    // for JPA
  }

  static Product create(ProductDraft draft, int availableQuantity, Instant now) {
    Product product = new Product();
    product.id = Uuid7.next();
    product.createdAt = now;
    product.availableQuantity = availableQuantity;
    product.apply(draft, now);
    return product;
  }

  void revise(ProductDraft draft, Instant now) {
    apply(draft, now);
  }

  void restock(int quantity, Instant now) {
    availableQuantity = quantity;
    updatedAt = now;
  }

  boolean canSupply(int quantity) {
    return availableQuantity >= quantity;
  }

  /** Callers check {@link #canSupply} under the row lock first; the database CHECK is the last line of defence. */
  void take(int quantity, Instant now) {
    if (!canSupply(quantity)) {
      throw new IllegalStateException("Product " + id + " has " + availableQuantity + " in stock, not " + quantity);
    }
    availableQuantity -= quantity;
    updatedAt = now;
  }

  void giveBack(int quantity, Instant now) {
    availableQuantity += quantity;
    updatedAt = now;
  }

  UUID id() {
    return id;
  }

  boolean hasVersion(long expected) {
    return version == expected;
  }

  ProductView view() {
    return new ProductView(id, sku, name, description, new Money(priceAmount, currency), availableQuantity, version,
        updatedAt);
  }

  private void apply(ProductDraft draft, Instant now) {
    sku = draft.sku();
    name = draft.name();
    description = draft.description();
    priceAmount = draft.price().amount();
    currency = draft.price().currency();
    updatedAt = now;
  }
}
