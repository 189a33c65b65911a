/** The RS256 keys access tokens are signed with, from configuration, and the JWKS that publishes them. */
@org.jspecify.annotations.NullMarked
package io.shopscale.user.keys;
