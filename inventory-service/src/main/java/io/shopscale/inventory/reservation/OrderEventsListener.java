package io.shopscale.inventory.reservation;

import java.util.Set;

import io.shopscale.events.IntegrationEvent;
import io.shopscale.events.OrderCancelled;
import io.shopscale.events.OrderConfirmed;
import io.shopscale.events.OrderPlaced;
import io.shopscale.events.Topics;
import io.shopscale.platform.outbox.InboundEvents;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code orders.events} through the platform's idempotent consumer: each event's effect and its
 * processed-event mark commit together, failures go to bounded retries and then {@code orders.events.DLT}.
 */
@Component
class OrderEventsListener {

  /** Names this effect in the processed-event table. */
  static final String CONSUMER = "inventory-reservations";

  private static final Set<Class<? extends IntegrationEvent>> HANDLES = Set.of(OrderPlaced.class, OrderConfirmed.class,
      OrderCancelled.class);

  private final InboundEvents inbound;
  private final StockReservations reservations;

  OrderEventsListener(InboundEvents inbound, StockReservations reservations) {
    this.inbound = inbound;
    this.reservations = reservations;
  }

  @KafkaListener(topics = Topics.ORDERS)
  void on(String record) {
    inbound.apply(CONSUMER, HANDLES, record, (event, envelope) -> {
      if (event instanceof OrderPlaced placed) {
        reservations.reserve(placed);
      }
      else if (event instanceof OrderConfirmed confirmed) {
        reservations.commit(confirmed);
      }
      else if (event instanceof OrderCancelled cancelled) {
        reservations.release(cancelled);
      }
    });
  }
}
