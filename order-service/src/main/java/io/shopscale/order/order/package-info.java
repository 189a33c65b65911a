/** Orders: idempotent placement, owner-only reads, cancellation, and the transitions the saga drives. */
@org.jspecify.annotations.NullMarked
package io.shopscale.order.order;
