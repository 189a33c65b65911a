package io.shopscale.platform.security.reactive;

import org.springframework.security.config.web.server.ServerHttpSecurity;

/**
 * An application's own exchange rules (public routes), the reactive twin of
 * {@link io.shopscale.platform.security.ApiAuthorization}. Whatever no rule names requires an authenticated caller.
 */
@FunctionalInterface
public interface ReactiveApiAuthorization {

  void configure(ServerHttpSecurity.AuthorizeExchangeSpec rules);
}
