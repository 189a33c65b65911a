/** The admin area: create and edit products, set stock. The API decides who is an admin; the pages only hide it. */
@org.jspecify.annotations.NullMarked
package io.shopscale.storefront.admin;
