/**
 * Payments: one per order, its state machine, the owner-or-admin read API, and the transactional steps the saga
 * drives (each change commits together with its outbox event).
 */
@org.jspecify.annotations.NullMarked
package io.shopscale.payment.payment;
