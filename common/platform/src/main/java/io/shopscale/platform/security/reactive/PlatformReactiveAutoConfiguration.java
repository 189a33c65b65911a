package io.shopscale.platform.security.reactive;

import io.shopscale.platform.security.JwkSetCache;
import io.shopscale.platform.security.JwtSettings;
import io.shopscale.platform.security.ShopScaleJwtValidators;
import io.shopscale.platform.web.reactive.ReactiveProblemWriter;
import io.shopscale.platform.web.reactive.ReactiveWebConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

/**
 * The platform for a WebFlux application (the gateway): correlation ids, problems, and the services' token rules at
 * the edge (RS256 only, {@code kid} known to the JWKS, {@code iss}, {@code aud}, {@code exp}), stateless.
 */
@AutoConfiguration(before = {ReactiveWebSecurityAutoConfiguration.class,
    ReactiveUserDetailsServiceAutoConfiguration.class, ReactiveOAuth2ResourceServerAutoConfiguration.class,
    ReactiveManagementWebSecurityAutoConfiguration.class})
@ConditionalOnWebApplication(type = Type.REACTIVE)
@EnableConfigurationProperties(JwtSettings.class)
@EnableWebFluxSecurity
@Import(ReactiveWebConfiguration.class)
public class PlatformReactiveAutoConfiguration {

  private static final String[] OPERATIONAL_PATHS = {"/actuator/health", "/actuator/health/**",
      "/actuator/prometheus", "/actuator/info", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html",
      "/webjars/swagger-ui/**"};

  @Bean
  @ConditionalOnMissingBean
  ReactiveJwtDecoder reactiveJwtDecoder(JwtSettings settings) {
    // our cache, not withJwkSetUri's: that one fetches the JWKS again for every unknown kid (JwkSetCache)
    NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder
        .withJwkSource(new ReactiveJwkSource(JwkSetCache.forSettings(settings)))
        .jwsAlgorithm(SignatureAlgorithm.RS256)
        .build();
    decoder.setJwtValidator(ShopScaleJwtValidators.forSettings(settings));
    return decoder;
  }

  @Bean
  @ConditionalOnMissingBean(SecurityWebFilterChain.class)
  SecurityWebFilterChain apiSecurityWebFilterChain(ServerHttpSecurity http,
      ObjectProvider<ReactiveApiAuthorization> applicationRules, ReactiveProblemWriter problems) {
    var handlers = new ReactiveProblemAuthenticationHandlers(problems);
    http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .authorizeExchange(rules -> {
          rules.pathMatchers(OPERATIONAL_PATHS).permitAll();
          applicationRules.orderedStream().forEach(application -> application.configure(rules));
          rules.anyExchange().authenticated();
        })
        .oauth2ResourceServer(server -> server
            .jwt(jwt -> jwt.jwtAuthenticationConverter(
                new ReactiveJwtAuthenticationConverterAdapter(ShopScaleJwtValidators.rolesAsAuthorities())))
            .authenticationEntryPoint(handlers)
            .accessDeniedHandler(handlers))
        .exceptionHandling(errors -> errors.authenticationEntryPoint(handlers).accessDeniedHandler(handlers));
    return http.build();
  }
}
