package io.shopscale.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Function;

import io.shopscale.testsupport.TestJwtIssuer.Token;

/**
 * The access tokens every place that checks tokens (each service, the gateway) must refuse with 401: the classic
 * forgeries and the honest-but-invalid ones. One list, so every edge is tested against the same matrix.
 */
public enum JwtAttack {

  EXPIRED(token -> token.expiresAt(Instant.now().minusSeconds(120)).sign()),
  /** A token that would be valid forever if stolen. */
  MISSING_EXPIRY(token -> token.withoutExpiry().sign()),
  /** Beyond the validators' clock-skew allowance. */
  NOT_YET_VALID(token -> token.notBefore(Instant.now().plusSeconds(600)).sign()), WRONG_AUDIENCE(
      token -> token.audience("another-api").sign()), WRONG_ISSUER(
          token -> token.issuer("https://evil.example").sign()), MISSING_KEY_ID(
              token -> token.withoutKeyId().sign()), UNKNOWN_KEY(token -> token.signedByStranger().sign()),
  /** {@code jku}/{@code x5u} headers naming the attacker's key set: keys come only from our configured JWKS. */
  KEY_URL_IN_HEADER(token -> token.keyFromTokenHeader().sign()), ALGORITHM_NONE(
      token -> token.unsigned().sign()), HS256_WITH_PUBLIC_KEY(token -> token.hmacWithPublicKey().sign()),
  /** A valid customer token whose payload was edited to grant ADMIN, header and signature kept. */
  TAMPERED_PAYLOAD(token -> escalated(token.roles("CUSTOMER").sign()));

  private final Function<Token, String> forge;

  JwtAttack(Function<Token, String> forge) {
    this.forge = forge;
  }

  /** The forged token, claiming {@code subject}. */
  public String tokenFor(String subject) {
    return forge.apply(TestJwtIssuer.get().token().subject(subject));
  }

  private static String escalated(String token) {
    String[] parts = token.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String escalated = payload.replaceFirst("\"roles\":\\[[^\\]]*\\]", "\"roles\":[\"CUSTOMER\",\"ADMIN\"]");
    if (escalated.equals(payload)) {
      throw new IllegalStateException("The token has no roles claim to tamper with: " + payload);
    }
    return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(escalated.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
  }
}
