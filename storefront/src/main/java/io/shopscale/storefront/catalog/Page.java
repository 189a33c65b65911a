package io.shopscale.storefront.catalog;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** One cursor page of the API: {@code nextCursor} is null on the last page. */
public record Page<T>(List<T> items, @Nullable String nextCursor) {
}
