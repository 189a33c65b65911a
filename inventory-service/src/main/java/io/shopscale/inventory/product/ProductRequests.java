package io.shopscale.inventory.product;

import java.math.BigDecimal;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.shopscale.events.Money;
import org.jspecify.annotations.Nullable;

/** Request bodies of the catalog API. Unknown fields (e.g. availableQuantity on PUT) are refused by the platform. */
final class ProductRequests {

  static final int MAX_STOCK = 1_000_000;
  /**
   * The largest unit price: an order's most expensive total (50 lines of 100 units) must still fit a payment's
   * amount (numeric(12, 2)).
   */
  static final BigDecimal MAX_PRICE = new BigDecimal("999999.99");

  private ProductRequests() {
  }

  record CreateProduct(
      @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]*") String sku,
      @NotBlank @Size(max = 200) String name,
      @Nullable @Size(max = 2000) String description,
      @NotNull Money price,
      @NotNull @Min(0) @Max(MAX_STOCK) Integer availableQuantity) {

    ProductDraft draft() {
      return new ProductDraft(sku, name.strip(), description == null ? "" : description, price);
    }
  }

  /** All four fields are required: a PUT replaces the product's description, it does not patch it. */
  record ReviseProduct(
      @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]*") String sku,
      @NotBlank @Size(max = 200) String name,
      @NotNull @Size(max = 2000) String description,
      @NotNull Money price) {

    ProductDraft draft() {
      return new ProductDraft(sku, name.strip(), description, price);
    }
  }

  record SetStock(@NotNull @Min(0) @Max(MAX_STOCK) Integer availableQuantity) {
  }
}
