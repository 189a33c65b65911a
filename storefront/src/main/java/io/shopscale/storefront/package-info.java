/** The storefront: server-rendered pages on the gateway's public API. */
@org.jspecify.annotations.NullMarked
package io.shopscale.storefront;
