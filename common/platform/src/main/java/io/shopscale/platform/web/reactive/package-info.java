/**
 * The reactive counterparts of {@code io.shopscale.platform.web} for the WebFlux gateway: the same correlation id
 * rules and the same RFC 9457 problems, written from filters and exception handlers instead of Spring MVC.
 */
@org.jspecify.annotations.NullMarked
package io.shopscale.platform.web.reactive;
