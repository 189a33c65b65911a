/** Login and refresh: RS256 access tokens, and opaque refresh tokens rotated on every use with reuse detection. */
@org.jspecify.annotations.NullMarked
package io.shopscale.user.auth;
