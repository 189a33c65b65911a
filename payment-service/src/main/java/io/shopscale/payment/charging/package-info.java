/**
 * The payment side of the order saga: consumes orders.events and inventory.events, starts a charge once both
 * OrderPlaced and StockReserved are in, runs provider calls on a bounded pool after the commit (never in a
 * transaction, never on a listener thread), records their outcome, and re-drives work a crash left outstanding.
 */
@org.jspecify.annotations.NullMarked
package io.shopscale.payment.charging;
