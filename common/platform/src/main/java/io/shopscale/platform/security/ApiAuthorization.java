package io.shopscale.platform.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's own URL rules (public reads, admin-only writes). They are checked in the filter chain, before
 * content negotiation and validation, because docs/api.md ranks 401 and 403 above 415 and 400.
 * Whatever no rule names requires an authenticated caller.
 */
@FunctionalInterface
public interface ApiAuthorization {

  void configure(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules);
}
