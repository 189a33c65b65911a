/** The platform every ShopScale service shares, as Spring Boot auto-configuration: add the dependency, set properties. */
@org.jspecify.annotations.NullMarked
package io.shopscale.platform;
