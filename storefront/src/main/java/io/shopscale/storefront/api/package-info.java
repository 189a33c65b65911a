/**
 * The storefront's one way out: a {@code RestClient} on the gateway's public API with timeouts, the correlation id
 * forwarded, and problem responses turned into {@link io.shopscale.storefront.api.ApiProblem}s pages can show.
 */
@org.jspecify.annotations.NullMarked
package io.shopscale.storefront.api;
