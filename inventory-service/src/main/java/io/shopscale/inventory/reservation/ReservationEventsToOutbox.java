package io.shopscale.inventory.reservation;

import io.shopscale.events.StockReservationFailed;
import io.shopscale.events.StockReserved;
import io.shopscale.platform.outbox.Outbox;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Maps the reservation's internal events to the saga's integration events. Synchronous on purpose: the outbox row
 * commits in the transaction that saved the reservation (and took the stock), so an answer exists exactly when the
 * reservation does.
 */
@Component
class ReservationEventsToOutbox {

  private final Outbox outbox;

  ReservationEventsToOutbox(Outbox outbox) {
    this.outbox = outbox;
  }

  @EventListener
  void on(Reservation.Reserved reserved) {
    outbox.append(new StockReserved(reserved.orderId(), reserved.lines()));
  }

  @EventListener
  void on(Reservation.Rejected rejected) {
    outbox.append(new StockReservationFailed(rejected.orderId(), rejected.unavailableProductIds()));
  }
}
