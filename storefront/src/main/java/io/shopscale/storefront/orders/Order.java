package io.shopscale.storefront.orders;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.shopscale.storefront.catalog.Product.Money;

/** An order as the API returns it (public: the templates call its methods). */
public record Order(UUID id, String status, List<Item> items, Money total, @Nullable String failureReason,
    Instant createdAt,
    Instant updatedAt) {

  public record Item(UUID productId, int quantity, Money unitPrice) {
  }

  public boolean isPending() {
    return "PENDING".equals(status);
  }

  public boolean isCancellable() {
    return !"CANCELLED".equals(status);
  }

  /** The failure reason in words (docs/api.md lists them); null while there is none. */
  public @Nullable String reasonText() {
    if (failureReason == null) {
      return null;
    }
    return switch (failureReason) {
      case "OUT_OF_STOCK" -> "Some of the items were out of stock.";
      case "PAYMENT_DECLINED" -> "The payment was declined by the card issuer.";
      case "PAYMENT_TIMEOUT" -> "The payment provider did not answer in time; nothing was charged.";
      case "CANCELLED_BY_CUSTOMER" -> "You cancelled this order.";
      case "CANCELLED_BY_ADMIN" -> "The shop cancelled this order.";
      default -> failureReason;
    };
  }
}
