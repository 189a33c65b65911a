/**
 * The OpenAPI document every service publishes, completed the same way everywhere: info, the bearer scheme per
 * operation (from the service's own URL rules), RFC 9457 problems for every error, and the headers the platform
 * reads and writes described once.
 */
@org.jspecify.annotations.NullMarked
package io.shopscale.platform.openapi;
