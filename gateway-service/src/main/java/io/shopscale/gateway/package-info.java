/** The API gateway: every public request enters here (routes in application.yml). */
@org.jspecify.annotations.NullMarked
package io.shopscale.gateway;
