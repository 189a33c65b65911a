/** The launcher behind {@code ./shopscale}: the whole system on one machine, no Docker. */
@org.jspecify.annotations.NullMarked
package io.shopscale.localstack;
