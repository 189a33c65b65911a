/**
 * Product view counts, written behind: each product read counts in Redis, a scheduled flush adds the counts to
 * PostgreSQL a batch at a time, exactly once per batch.
 */
@org.jspecify.annotations.NullMarked
package io.shopscale.inventory.views;
