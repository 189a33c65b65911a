/** HTTP conventions: RFC 9457 problem details for every error, and the correlation id on every request. */
@org.jspecify.annotations.NullMarked
package io.shopscale.platform.web;
