package io.shopscale.inventory.product;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** One page of products; {@code nextCursor} is null on the last page. */
record ProductPage(List<ProductView> items, @Nullable String nextCursor) {
}
