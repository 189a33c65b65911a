/**
 * Checkout with an idempotency key per form, the order's page that follows its status live (htmx polling, a
 * meta refresh without JavaScript), the order history and cancellation.
 */
@org.jspecify.annotations.NullMarked
package io.shopscale.storefront.orders;
