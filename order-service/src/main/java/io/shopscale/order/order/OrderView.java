package io.shopscale.order.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.shopscale.events.Money;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** An order as the API shows it. The payment token stays inside the service. */
public record OrderView(UUID id, UUID userId, OrderStatus status, List<Item> items, Money total,
    @Nullable FailureReason failureReason, @JsonIgnore String paymentToken, Instant createdAt, Instant updatedAt) {

  // named apart from the request's item, which has no price: one name per shape for the OpenAPI document
  @Schema(name = "OrderLine")
  public record Item(UUID productId, int quantity, Money unitPrice) {
  }
}
