package io.shopscale.events;

import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One valid instance of every event type, with every field set. */
final class SampleEvents {

  private static final UUID ORDER = UUID.fromString("6f1c2b0e-8d4a-4c1e-9a51-2f7d3c9e0b11");
  private static final UUID USER = UUID.fromString("0b9e7a3c-52d1-4f8e-8c6a-1d2e3f4a5b6c");
  private static final UUID PAYMENT = UUID.fromString("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
  private static final UUID KEYBOARD = UUID.fromString("3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f");
  private static final UUID MOUSE = UUID.fromString("a1b2c3d4-e5f6-4a7b-9c8d-0e1f2a3b4c5d");

  private static final Map<Class<? extends IntegrationEvent>, IntegrationEvent> BY_CLASS = Map.ofEntries(
      sample(new OrderPlaced(ORDER, USER,
          List.of(new OrderPlaced.Line(KEYBOARD, 2, Money.of("49.90", "EUR")),
              new OrderPlaced.Line(MOUSE, 1, Money.of("19.99", "EUR"))),
          Money.of("119.79", "EUR"), "tok_visa_4242")),
      sample(new OrderConfirmed(ORDER)),
      sample(new OrderCancelled(ORDER, "PAYMENT_DECLINED", true)),
      sample(new StockReserved(ORDER, List.of(new StockLine(KEYBOARD, 2), new StockLine(MOUSE, 1)))),
      sample(new StockReservationFailed(ORDER, List.of(MOUSE))),
      sample(new ProductChanged(KEYBOARD, 7)),
      sample(new PaymentAuthorized(PAYMENT, ORDER, Money.of("119.79", "EUR"))),
      sample(new PaymentDeclined(PAYMENT, ORDER, "CARD_DECLINED")),
      sample(new PaymentFailed(PAYMENT, ORDER, "PROVIDER_TIMEOUT")),
      sample(new PaymentRefunded(PAYMENT, ORDER, Money.of("119.79", "EUR"))),
      sample(new UserRegistered(USER, "ada@example.com", "Ada Lovelace")));

  private SampleEvents() {
  }

  static IntegrationEvent of(Class<? extends IntegrationEvent> type) {
    IntegrationEvent sample = BY_CLASS.get(type);
    if (sample == null) {
      return fail("No sample for %s in SampleEvents", type.getSimpleName());
    }
    return sample;
  }

  private static Map.Entry<Class<? extends IntegrationEvent>, IntegrationEvent> sample(IntegrationEvent event) {
    return Map.entry(event.getClass(), event);
  }
}
