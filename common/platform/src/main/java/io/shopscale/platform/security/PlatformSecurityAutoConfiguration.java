package io.shopscale.platform.security;

import java.util.List;

import io.shopscale.platform.web.PlatformWebAutoConfiguration;
import io.shopscale.platform.web.ProblemResponseWriter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Defence in depth: the gateway checks tokens at the edge and every service checks them again with the same rules
 * (RS256 only, {@code kid} present and known to the JWKS, {@code iss}, {@code aud}, {@code exp}).
 */
@AutoConfiguration(after = PlatformWebAutoConfiguration.class, before = { ServletWebSecurityAutoConfiguration.class,
    UserDetailsServiceAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class })
@ConditionalOnWebApplication(type = Type.SERVLET)
@EnableConfigurationProperties(JwtSettings.class)
@EnableWebSecurity
@EnableMethodSecurity
public class PlatformSecurityAutoConfiguration {

  private static final List<String> OPERATIONAL_PATHS = List.of("/actuator/health/**", "/actuator/prometheus",
      "/actuator/info", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html", "/error");

  @Bean
  @ConditionalOnMissingBean
  JwtDecoder jwtDecoder(JwtSettings settings) {
    NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(settings.jwksUri().toString())
        .jwsAlgorithm(SignatureAlgorithm.RS256)
        .build();
    List<OAuth2TokenValidator<Jwt>> validators = List.of(
        JwtValidators.createDefaultWithIssuer(settings.issuer()),
        new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, aud -> aud != null && aud.contains(settings.audience())),
        PlatformSecurityAutoConfiguration::requireKeyId);
    decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
    return decoder;
  }

  @Bean
  @ConditionalOnMissingBean(SecurityFilterChain.class)
  SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, ObjectProvider<ApiAuthorization> serviceRules,
      ProblemResponseWriter problems) {
    var handlers = new ProblemAuthenticationHandlers(problems);
    http.csrf(csrf -> csrf.disable())
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(cache -> cache.disable())
        .authorizeHttpRequests(rules -> {
          rules.requestMatchers(OPERATIONAL_PATHS.toArray(String[]::new)).permitAll();
          serviceRules.orderedStream().forEach(service -> service.configure(rules));
          rules.anyRequest().authenticated();
        })
        .oauth2ResourceServer(server -> server
            .jwt(jwt -> jwt.jwtAuthenticationConverter(rolesAsAuthorities()))
            .authenticationEntryPoint(handlers)
            .accessDeniedHandler(handlers))
        .exceptionHandling(errors -> errors.authenticationEntryPoint(handlers).accessDeniedHandler(handlers));
    return http.build();
  }

  /** {@code roles: ["ADMIN"]} becomes {@code ROLE_ADMIN}, so rules read {@code hasRole("ADMIN")}. */
  static JwtAuthenticationConverter rolesAsAuthorities() {
    var authorities = new JwtGrantedAuthoritiesConverter();
    authorities.setAuthoritiesClaimName("roles");
    authorities.setAuthorityPrefix("ROLE_");
    var converter = new JwtAuthenticationConverter();
    converter.setJwtGrantedAuthoritiesConverter(authorities);
    return converter;
  }

  // Without this a token with no kid would still be accepted while the JWKS holds a single key.
  private static OAuth2TokenValidatorResult requireKeyId(Jwt jwt) {
    return jwt.getHeaders().get("kid") instanceof String kid && !kid.isBlank() ? OAuth2TokenValidatorResult.success()
        : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The token has no key id", null));
  }
}
