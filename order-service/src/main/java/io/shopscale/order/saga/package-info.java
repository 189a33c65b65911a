/** The order saga's process manager: reacts to stock and payment events, and cancels orders that time out. */
@org.jspecify.annotations.NullMarked
package io.shopscale.order.saga;
