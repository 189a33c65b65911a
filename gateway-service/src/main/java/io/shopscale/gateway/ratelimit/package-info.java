/**
 * Tiered token-bucket rate limiting on Redis, shared by every gateway instance, failing open when Redis is away.
 */
@org.jspecify.annotations.NullMarked
package io.shopscale.gateway.ratelimit;
