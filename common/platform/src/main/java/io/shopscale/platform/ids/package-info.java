/** Identifiers. */
@org.jspecify.annotations.NullMarked
package io.shopscale.platform.ids;
