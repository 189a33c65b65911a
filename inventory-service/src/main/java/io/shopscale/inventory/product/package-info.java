/** The catalog: products, their prices and stock; reads through the Redis cache, admin writes through to it. */
@org.jspecify.annotations.NullMarked
package io.shopscale.inventory.product;
