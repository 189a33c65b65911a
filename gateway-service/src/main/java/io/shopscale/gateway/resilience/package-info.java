/**
 * Per-route circuit breakers with time limits and bulkheads (Resilience4j), and the 503 problem a client gets
 * instead of a hang or a raw 500 when a service is down or slow.
 */
@org.jspecify.annotations.NullMarked
package io.shopscale.gateway.resilience;
