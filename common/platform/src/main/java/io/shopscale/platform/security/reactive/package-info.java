/**
 * The WebFlux gateway as an OAuth2 resource server with the services' token rules, and the single auto-configuration
 * that gives a reactive application the platform (it imports the {@code web.reactive} configuration: security depends
 * on web, never the other way).
 */
@org.jspecify.annotations.NullMarked
package io.shopscale.platform.security.reactive;
