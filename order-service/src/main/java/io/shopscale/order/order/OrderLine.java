package io.shopscale.order.order;

import java.math.BigDecimal;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** One line as priced when the order was placed; later catalog price changes do not touch it. */
@Embeddable
class OrderLine {

  @Column(name = "product_id", nullable = false)
  private UUID productId;

  @Column(nullable = false)
  private int quantity;

  @Column(name = "unit_amount", nullable = false)
  private BigDecimal unitAmount;

  protected OrderLine() {
    // for JPA
    this.productId = new UUID(0, 0);
    this.unitAmount = BigDecimal.ZERO;
  }

  OrderLine(UUID productId, int quantity, BigDecimal unitAmount) {
    this.productId = productId;
    this.quantity = quantity;
    this.unitAmount = unitAmount;
  }

  UUID productId() {
    return productId;
  }

  int quantity() {
    return quantity;
  }

  BigDecimal unitAmount() {
    return unitAmount;
  }
}
