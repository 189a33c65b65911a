package io.shopscale.events;

/** One topic per bounded context; records are keyed by {@link IntegrationEvent#subject()}. */
public final class Topics {

  public static final String USERS = "users.events";
  public static final String INVENTORY = "inventory.events";
  public static final String ORDERS = "orders.events";
  public static final String PAYMENTS = "payments.events";

  private Topics() {
  }

  public static String topicOf(IntegrationEvent event) {
    return switch (event.type()) {
      case OrderPlaced.TYPE, OrderConfirmed.TYPE, OrderCancelled.TYPE -> ORDERS;
      case StockReserved.TYPE, StockReservationFailed.TYPE, ProductChanged.TYPE -> INVENTORY;
      case PaymentAuthorized.TYPE, PaymentDeclined.TYPE, PaymentFailed.TYPE, PaymentRefunded.TYPE -> PAYMENTS;
      case UserRegistered.TYPE -> USERS;
      // Unreachable while every permitted record is listed; EventTypesTest fails first when one is not.
      default -> throw new IllegalArgumentException("No topic for event type " + event.type());
    };
  }
}
