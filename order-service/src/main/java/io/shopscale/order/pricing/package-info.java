/** Prices from inventory-service over REST, behind retry, circuit breaker and bulkhead. */
@org.jspecify.annotations.NullMarked
package io.shopscale.order.pricing;
