/**
 * Cache-aside reads and write-through writes on Redis: TTL with jitter, single-flight loads, negative caching,
 * and a database fallback when Redis is down.
 */
@org.jspecify.annotations.NullMarked
package io.shopscale.platform.cache;
