package io.shopscale.events;

import java.util.Map;
import java.util.Optional;

/** Every event type this library defines, by its CloudEvents {@code type}. */
public final class EventTypes {

  private static final Map<String, Class<? extends IntegrationEvent>> BY_TYPE = Map.ofEntries(
      Map.entry(OrderPlaced.TYPE, OrderPlaced.class),
      Map.entry(OrderConfirmed.TYPE, OrderConfirmed.class),
      Map.entry(OrderCancelled.TYPE, OrderCancelled.class),
      Map.entry(StockReserved.TYPE, StockReserved.class),
      Map.entry(StockReservationFailed.TYPE, StockReservationFailed.class),
      Map.entry(ProductChanged.TYPE, ProductChanged.class),
      Map.entry(PaymentAuthorized.TYPE, PaymentAuthorized.class),
      Map.entry(PaymentDeclined.TYPE, PaymentDeclined.class),
      Map.entry(PaymentFailed.TYPE, PaymentFailed.class),
      Map.entry(PaymentRefunded.TYPE, PaymentRefunded.class),
      Map.entry(UserRegistered.TYPE, UserRegistered.class));

  private EventTypes() {
  }

  /** Empty for a type from a newer producer: consumers skip what they do not know instead of failing. */
  public static Optional<Class<? extends IntegrationEvent>> find(String type) {
    return Optional.ofNullable(BY_TYPE.get(type));
  }

  /** Unmodifiable. */
  public static Map<String, Class<? extends IntegrationEvent>> all() {
    return BY_TYPE;
  }
}
