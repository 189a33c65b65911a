package io.shopscale.storefront.site;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The storefront is a browser application, not an API: it keeps a web session (the shopper's API tokens and cart live
 * there, never in the browser), so every form carries a CSRF token, and a strict Content-Security-Policy allows only
 * the shop's own scripts and styles. Who may see a page is decided by the API: the storefront only asks shoppers to
 * log in before pages that need a token (see the account feature). The platform's resource-server chain is excluded
 * in application.yml: the storefront validates no tokens of its own.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class WebSecurity {

  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'";

  @Bean
  SecurityFilterChain shopSecurity(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(rules -> rules.anyRequest().permitAll())
        .formLogin(form -> form.disable())
        .httpBasic(basic -> basic.disable())
        // logging out also revokes the API refresh token: the account feature does it
        .logout(logout -> logout.disable())
        .requestCache(cache -> cache.disable())
        .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)));
    return http.build();
  }
}
