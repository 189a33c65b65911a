package io.shopscale.gateway.edge;

import io.shopscale.platform.security.reactive.ReactiveApiAuthorization;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.reactive.CorsUtils;

/**
 * What docs/api.md lets anyone call; everything else needs a valid token at the edge (the services check it again).
 * Swagger and the gateway's own health are public through the platform's operational paths.
 */
@Component
class PublicRoutes implements ReactiveApiAuthorization {

  // A preflight carries no credentials by design; the gateway answers it itself and never routes it.
  private static final ServerWebExchangeMatcher CORS_PREFLIGHT = exchange -> CorsUtils.isPreFlightRequest(
      exchange.getRequest())
          ? ServerWebExchangeMatcher.MatchResult.match()
          : ServerWebExchangeMatcher.MatchResult.notMatch();

  // the storefront route's paths in application.yml
  static final String[] STOREFRONT_PATHS = {"/", "/static/**", "/favicon.ico", "/products/**", "/cart", "/cart/**",
      "/login", "/logout", "/register", "/account", "/account/**", "/orders", "/orders/**", "/admin", "/admin/**",
      "/console", "/console/**"};

  @Override
  public void configure(ServerHttpSecurity.AuthorizeExchangeSpec rules) {
    rules.matchers(CORS_PREFLIGHT).permitAll()
        .pathMatchers(HttpMethod.POST, "/api/users", "/api/auth/**").permitAll()
        .pathMatchers(HttpMethod.GET, "/api/products", "/api/products/**", "/.well-known/jwks.json",
            "/*/v3/api-docs")
        .permitAll()
        .pathMatchers(HttpMethod.HEAD, "/api/products", "/api/products/**").permitAll()
        // the shop's pages: the storefront keeps the shopper's tokens in its session and asks for a login itself
        .pathMatchers(STOREFRONT_PATHS).permitAll();
  }
}
