/** The cart, kept in the web session until checkout. */
@org.jspecify.annotations.NullMarked
package io.shopscale.storefront.cart;
