/**
 * What the gateway does for every request before routing: which caller address to believe, which routes are public,
 * request size, actuator lockdown and security response headers.
 */
@org.jspecify.annotations.NullMarked
package io.shopscale.gateway.edge;
