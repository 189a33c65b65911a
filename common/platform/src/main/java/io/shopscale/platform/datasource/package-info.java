/**
 * Read/write splitting: {@code @Transactional(readOnly = true)} runs on a streaming replica, everything else on
 * the primary; lagging or unreachable replicas are taken out; a user's own writes stay visible to that user; a read
 * that must see the primary says so with {@link io.shopscale.platform.datasource.PrimaryReads}.
 */
@org.jspecify.annotations.NullMarked
package io.shopscale.platform.datasource;
