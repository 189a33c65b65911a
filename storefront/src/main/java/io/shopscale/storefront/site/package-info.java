/** What every page shares: security headers and CSRF, the layout, and errors shown as pages. */
@org.jspecify.annotations.NullMarked
package io.shopscale.storefront.site;
