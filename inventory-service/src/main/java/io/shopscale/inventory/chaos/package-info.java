/**
 * The local stack's run-time switch for slow product and price reads (the order→inventory price lookup), turned by
 * {@code ./shopscale chaos inventory slow|normal}; exists in the {@code local} profile only.
 */
@org.jspecify.annotations.NullMarked
package io.shopscale.inventory.chaos;
