package io.shopscale.user.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.shopscale.platform.security.JwtSettings;
import io.shopscale.user.account.Role;
import io.shopscale.user.account.UserProfile;
import io.shopscale.user.keys.SigningKeys;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;

/**
 * Signs access tokens with the active key. Issuer and audience are the platform's {@code shopscale.security.jwt}
 * settings, the same ones every resource server (this service included) checks them against.
 */
@Component
class AccessTokens {

  private final JwtEncoder encoder;
  private final String keyId;
  private final JwtSettings jwt;
  private final TokenSettings settings;
  private final Clock clock;

  AccessTokens(SigningKeys keys, JwtSettings jwt, TokenSettings settings, Clock clock) {
    RSAKey active = keys.active();
    // only the active key: the encoder must never pick a retired one
    this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(active)));
    this.keyId = active.getKeyID();
    this.jwt = jwt;
    this.settings = settings;
    this.clock = clock;
  }

  String issue(UserProfile user) {
    Instant now = clock.instant();
    JwtClaimsSet claims = JwtClaimsSet.builder()
        .issuer(jwt.issuer())
        .audience(List.of(jwt.audience()))
        .subject(user.id().toString())
        .issuedAt(now)
        .expiresAt(now.plus(settings.accessTtl()))
        .id(UUID.randomUUID().toString())
        .claim("email", user.email())
        .claim("roles", user.roles().stream().map(Role::name).toList())
        .claim("tier", user.tier().name())
        .build();
    JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(keyId).type("JWT").build();
    return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
  }

  long lifetimeSeconds() {
    return settings.accessTtl().toSeconds();
  }
}
