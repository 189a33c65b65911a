package io.shopscale.order.order;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;

final class OrderRequests {

  /** The tokens the (simulated) payment provider knows; anything else is refused at placement. */
  static final String PAYMENT_TOKENS = "tok_visa|tok_chargeDeclined|tok_slow";
  static final String DEFAULT_PAYMENT_TOKEN = "tok_visa";

  private OrderRequests() {
  }

  record PlaceOrderRequest(
      @NotEmpty @Size(max = 50) List<@NotNull @Valid Item> items,
      @Nullable @Pattern(regexp = PAYMENT_TOKENS, message = "must be one of tok_visa, tok_chargeDeclined, tok_slow") String paymentToken) {

    PlaceOrder toCommand(UUID userId, String idempotencyKey) {
      return new PlaceOrder(userId, idempotencyKey,
          items.stream().map(item -> new PlaceOrder.Line(item.productId(), item.quantity())).toList(),
          paymentToken == null ? DEFAULT_PAYMENT_TOKEN : paymentToken);
    }
  }

  record Item(@NotNull UUID productId, @Min(1) @Max(100) int quantity) {
  }
}
