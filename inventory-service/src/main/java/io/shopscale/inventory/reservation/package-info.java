/**
 * The stock side of the order saga: reacts to {@code orders.events}, reserves an order's stock all or nothing, commits
 * it when the order is confirmed and gives it back when the order is cancelled; answers with StockReserved or
 * StockReservationFailed through the outbox.
 */
@org.jspecify.annotations.NullMarked
package io.shopscale.inventory.reservation;
