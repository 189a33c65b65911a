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
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Defence in depth: the gateway checks tokens at the edge and every service checks them again with the same rules
 * (RS256 only, {@code kid} present and known to the JWKS, {@code iss}, {@code aud}, {@code exp}).
 */
@AutoConfiguration(after = PlatformWebAutoConfiguration.class, before = {ServletWebSecurityAutoConfiguration.class,
    UserDetailsServiceAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class})
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
    // our cache, not withJwkSetUri's: that one fetches the JWKS again for every unknown kid (JwkSetCache)
    NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(JwkSetCache.forSettings(settings))
        .jwsAlgorithm(SignatureAlgorithm.RS256)
        .build();
    decoder.setJwtValidator(ShopScaleJwtValidators.forSettings(settings));
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
            .jwt(jwt -> jwt.jwtAuthenticationConverter(ShopScaleJwtValidators.rolesAsAuthorities()))
            .authenticationEntryPoint(handlers)
            .accessDeniedHandler(handlers))
        .exceptionHandling(errors -> errors.authenticationEntryPoint(handlers).accessDeniedHandler(handlers));
    return http.build();
  }
}
