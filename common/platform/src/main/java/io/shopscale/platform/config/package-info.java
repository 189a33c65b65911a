/** Platform defaults every service starts from; a service's application.yml overrides any of them. */
@org.jspecify.annotations.NullMarked
package io.shopscale.platform.config;
