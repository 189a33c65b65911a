/**
 * Registering, logging in and out: the API's tokens are kept in the web session ({@link
 * io.shopscale.storefront.account.Shopper}), refreshed before they expire, and revoked at logout.
 */
@org.jspecify.annotations.NullMarked
package io.shopscale.storefront.account;
