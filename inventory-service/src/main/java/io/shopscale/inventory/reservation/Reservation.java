package io.shopscale.inventory.reservation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.shopscale.events.OrderPlaced;
import io.shopscale.events.StockLine;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.AbstractAggregateRoot;

/**
 * The stock inventory set aside for one order (at most one per order: the order id is the key). Every change goes
 * through a guarded transition of {@link ReservationStatus}; the integration events are mapped from the internal
 * events registered here, in the transaction that saves the reservation.
 */
@Entity
@Table(name = "reservations")
class Reservation extends AbstractAggregateRoot<Reservation> {

  @Id
  @Column(name = "order_id")
  private UUID orderId;
  @Enumerated(EnumType.STRING)
  private ReservationStatus status;
  @ElementCollection
  @CollectionTable(name = "reservation_lines", joinColumns = @JoinColumn(name = "order_id"))
  private List<Line> lines = new ArrayList<>();
  // null until first saved: tells Spring Data to persist, not merge, a reservation with an assigned id
  @Version
  private @Nullable Long version;
  @Column(name = "created_at")
  private Instant createdAt;
  @Column(name = "updated_at")
  private Instant updatedAt;

  protected Reservation() {
    // for JPA
  }

  private Reservation(UUID orderId, ReservationStatus status, List<StockLine> lines, Instant now) {
    this.orderId = orderId;
    this.status = status;
    lines.forEach(line -> this.lines.add(new Line(line.productId(), line.quantity())));
    this.createdAt = now;
    this.updatedAt = now;
  }

  /** An order's lines as stock lines, one per product (repeated products added up), in the order's order. */
  static List<StockLine> stockLinesOf(OrderPlaced order) {
    Map<UUID, Integer> quantities = new LinkedHashMap<>();
    order.lines().forEach(line -> quantities.merge(line.productId(), line.quantity(), Integer::sum));
    return quantities.entrySet().stream().map(line -> new StockLine(line.getKey(), line.getValue())).toList();
  }

  /** Every line's stock has been taken. */
  static Reservation reserved(UUID orderId, List<StockLine> lines, Instant now) {
    var reservation = new Reservation(orderId, ReservationStatus.RESERVED, lines, now);
    reservation.registerEvent(new Reserved(orderId, List.copyOf(lines)));
    return reservation;
  }

  /** Nothing was taken because these products could not be supplied; the requested lines are kept for the record. */
  static Reservation rejected(UUID orderId, List<StockLine> requested, List<UUID> unavailableProductIds, Instant now) {
    if (unavailableProductIds.isEmpty()) {
      throw new IllegalArgumentException("A rejected reservation names the products it could not supply");
    }
    var reservation = new Reservation(orderId, ReservationStatus.REJECTED, requested, now);
    reservation.registerEvent(new Rejected(orderId, List.copyOf(unavailableProductIds)));
    return reservation;
  }

  /**
   * The order's cancellation arrived before its OrderPlaced: a reservation with no lines that refuses the order if
   * its OrderPlaced comes after all. No answer goes out: only order-service cancels, so the order is settled.
   */
  static Reservation cancelledBeforePlaced(UUID orderId, Instant now) {
    return new Reservation(orderId, ReservationStatus.CANCELLED, List.of(), now);
  }

  /** The order is confirmed: the stock stays taken for good (unless the order is cancelled after all). */
  Reservation commit(Instant now) {
    moveTo(ReservationStatus.COMMITTED, now);
    return this;
  }

  /** The order is cancelled: returns the lines whose stock must go back. */
  List<StockLine> release(Instant now) {
    moveTo(ReservationStatus.RELEASED, now);
    return lines();
  }

  UUID orderId() {
    return orderId;
  }

  ReservationStatus status() {
    return status;
  }

  List<StockLine> lines() {
    return lines.stream().map(line -> new StockLine(line.productId(), line.quantity())).toList();
  }

  private void moveTo(ReservationStatus next, Instant now) {
    if (!status.canMoveTo(next)) {
      throw new IllegalTransition(orderId, status, next);
    }
    status = next;
    updatedAt = now;
  }

  @Embeddable
  record Line(@Column(name = "product_id") UUID productId, int quantity) {
  }

  /** Internal: every line of the order was reserved. */
  record Reserved(UUID orderId, List<StockLine> lines) {
  }

  /** Internal: the order could not be reserved. */
  record Rejected(UUID orderId, List<UUID> unavailableProductIds) {
  }

  /** A bug, not a business outcome: callers check {@link ReservationStatus#canMoveTo} for events that may repeat. */
  static final class IllegalTransition extends IllegalStateException {

    IllegalTransition(UUID orderId, ReservationStatus from, ReservationStatus to) {
      super("Reservation of order " + orderId + " cannot move from " + from + " to " + to);
    }
  }
}
