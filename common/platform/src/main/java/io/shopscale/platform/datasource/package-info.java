/**
 * Read/write splitting: {@code @Transactional(readOnly = true)} runs on a streaming replica, everything else on
 * the primary; lagging or unreachable replicas are taken out; a user's own writes stay visible to that user.
 */
@org.jspecify.annotations.NullMarked
package io.shopscale.platform.datasource;
