/**
 * The external payment provider: the port, the in-process simulator behind it, and the Resilience4j guards (time
 * limiter, retry with backoff and jitter, circuit breaker, bulkhead) every call goes through.
 */
@org.jspecify.annotations.NullMarked
package io.shopscale.payment.provider;
