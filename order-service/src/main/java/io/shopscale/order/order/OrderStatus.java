package io.shopscale.order.order;

/** The order's state machine: PENDING → CONFIRMED | CANCELLED, CONFIRMED → CANCELLED, CANCELLED is final. */
public enum OrderStatus {
  PENDING, CONFIRMED, CANCELLED;

  boolean canBecome(OrderStatus next) {
    return switch (this) {
      case PENDING -> next != PENDING;
      case CONFIRMED -> next == CANCELLED;
      case CANCELLED -> false;
    };
  }
}
