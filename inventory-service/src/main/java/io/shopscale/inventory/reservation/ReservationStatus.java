package io.shopscale.inventory.reservation;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an order's reservation stands. The legal moves are the whole state machine:
 *
 * <pre>
 *   (new) ──► RESERVED ──► COMMITTED
 *     │  │        │            │
 *     │  ▼        └──► RELEASED ◄┘
 *     │ REJECTED
 *     ▼
 *   CANCELLED
 * </pre>
 *
 * RELEASED, REJECTED and CANCELLED are final. REJECTED records that the order was answered with
 * StockReservationFailed, so a repeated OrderPlaced can never turn a refused order into a reserved one; CANCELLED
 * records a cancellation that arrived before the order's OrderPlaced, so a late OrderPlaced can never take stock
 * for an order that no longer exists.
 */
enum ReservationStatus {

  /** The stock is set aside; the order may still be confirmed or cancelled. */
  RESERVED,
  /** The order is confirmed; the stock stays taken, but a later cancellation still gives it back. */
  COMMITTED,
  /** The stock went back on the shelf. */
  RELEASED,
  /** Some line could not be supplied, so nothing was taken. */
  REJECTED,
  /**
   * A tombstone: the order was cancelled before its OrderPlaced reached inventory (a dead-lettered OrderPlaced
   * replayed after the saga timed the order out), so nothing was taken and nothing ever will be.
   */
  CANCELLED;

  boolean canMoveTo(ReservationStatus next) {
    return successors().contains(next);
  }

  /** Whether the reservation has stock that a cancellation must give back. */
  boolean holdsStock() {
    return canMoveTo(RELEASED);
  }

  private Set<ReservationStatus> successors() {
    return switch (this) {
      case RESERVED -> EnumSet.of(COMMITTED, RELEASED);
      case COMMITTED -> EnumSet.of(RELEASED);
      case RELEASED, REJECTED, CANCELLED -> EnumSet.noneOf(ReservationStatus.class);
    };
  }
}
