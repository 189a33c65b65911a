/** Browsing and searching the catalog with the API's cursor paging, and one product's page. */
@org.jspecify.annotations.NullMarked
package io.shopscale.storefront.catalog;
