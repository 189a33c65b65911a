package io.shopscale.platform.security;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

/**
 * The token rules every ShopScale resource server applies, servlet service and reactive gateway alike: which tokens
 * are valid ({@code iss}, {@code aud}, a required {@code exp}, {@code nbf} when present, a {@code kid}; the decoders
 * add RS256 only and take keys only from the configured JWKS, never from a {@code jku}/{@code x5u} header) and what
 * their roles mean.
 */
public final class ShopScaleJwtValidators {

  private ShopScaleJwtValidators() {
  }

  public static OAuth2TokenValidator<Jwt> forSettings(JwtSettings settings) {
    return new DelegatingOAuth2TokenValidator<>(List.of(
        JwtValidators.createDefaultWithIssuer(settings.issuer()),
        new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, aud -> aud != null && aud.contains(settings.audience())),
        // the default timestamp validator checks exp only when present: a token without one would never expire
        new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
        ShopScaleJwtValidators::requireKeyId));
  }

  /** {@code roles: ["ADMIN"]} becomes {@code ROLE_ADMIN}, so rules read {@code hasRole("ADMIN")}. */
  public static JwtAuthenticationConverter rolesAsAuthorities() {
    var authorities = new JwtGrantedAuthoritiesConverter();
    authorities.setAuthoritiesClaimName("roles");
    authorities.setAuthorityPrefix("ROLE_");
    var converter = new JwtAuthenticationConverter();
    converter.setJwtGrantedAuthoritiesConverter(authorities);
    return converter;
  }

  // Without this a token with no kid would still be accepted while the JWKS holds a single key.
  private static OAuth2TokenValidatorResult requireKeyId(Jwt jwt) {
    return jwt.getHeaders().get("kid") instanceof String kid && !kid.isBlank()
        ? OAuth2TokenValidatorResult.success()
        : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The token has no key id", null));
  }
}
