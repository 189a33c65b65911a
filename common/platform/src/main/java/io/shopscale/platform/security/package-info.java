/** Every service is an OAuth2 resource server: RS256 tokens from the user-service JWKS, roles as authorities. */
@org.jspecify.annotations.NullMarked
package io.shopscale.platform.security;
