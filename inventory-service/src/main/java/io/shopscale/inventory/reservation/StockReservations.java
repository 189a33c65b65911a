package io.shopscale.inventory.reservation;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.shopscale.events.OrderCancelled;
import io.shopscale.events.OrderConfirmed;
import io.shopscale.events.OrderPlaced;
import io.shopscale.events.StockLine;
import io.shopscale.inventory.product.ProductService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What each order event does to the order's reservation and to stock. Every step runs inside the transaction of the
 * consumed event (with its processed-event mark), and decides by the reservation's own state, not by the event:
 * a repeated or late event finds the step already done and changes nothing.
 */
@Service
@Transactional(propagation = Propagation.MANDATORY)
class StockReservations {

  private static final Logger log = LoggerFactory.getLogger(StockReservations.class);

  private final ReservationRepository reservations;
  private final ProductService products;
  private final Clock clock;

  StockReservations(ReservationRepository reservations, ProductService products, Clock clock) {
    this.reservations = reservations;
    this.products = products;
    this.clock = clock;
  }

  /** Reserves every line or none, and answers with StockReserved or StockReservationFailed (via the outbox). */
  void reserve(OrderPlaced order) {
    var known = reservations.findById(order.orderId());
    if (known.isPresent()) {
      if (known.get().status() == ReservationStatus.CANCELLED) {
        // no answer: the order is cancelled already, and a StockReserved would only make payment charge it
        log.warn("Order {} was cancelled before its OrderPlaced arrived; no stock taken for it", order.orderId());
      }
      else {
        log.info("Order {} was answered already; its OrderPlaced again changes nothing", order.orderId());
      }
      return;
    }
    List<StockLine> lines = Reservation.stockLinesOf(order);
    List<UUID> unavailable = products.reserve(lines);
    Instant now = clock.instant();
    reservations.save(unavailable.isEmpty()
        ? Reservation.reserved(order.orderId(), lines, now)
        : Reservation.rejected(order.orderId(), lines, unavailable, now));
  }

  /** Stock stays taken for a confirmed order. */
  void commit(OrderConfirmed confirmed) {
    reservations.findById(confirmed.orderId()).ifPresentOrElse(reservation -> {
      if (reservation.status().canMoveTo(ReservationStatus.COMMITTED)) {
        reservations.save(reservation.commit(clock.instant()));
      }
    }, () -> log.warn("Order {} is confirmed but inventory holds no reservation for it", confirmed.orderId()));
  }

  /**
   * Gives the stock of a cancelled order back if its reservation still holds any. Decided by the reservation, not by
   * the event's {@code stockWasReserved}: a timeout may cancel an order before its StockReserved reached order-service.
   * A cancellation of an order inventory has not seen yet leaves a tombstone, so that its OrderPlaced, should it
   * arrive after all (a dead letter replayed), is refused instead of taking stock that nothing would give back.
   */
  void release(OrderCancelled cancelled) {
    reservations.findById(cancelled.orderId()).ifPresentOrElse(reservation -> {
      if (reservation.status().holdsStock()) {
        products.release(reservation.release(clock.instant()));
        reservations.save(reservation);
      }
    }, () -> {
      log.warn("Order {} is cancelled before inventory saw it placed; its OrderPlaced will be refused",
          cancelled.orderId());
      reservations.save(Reservation.cancelledBeforePlaced(cancelled.orderId(), clock.instant()));
    });
  }
}
