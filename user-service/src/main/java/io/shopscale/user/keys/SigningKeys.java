package io.shopscale.user.keys;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The configured signing keys, checked at start-up so a bad key stops the service instead of failing logins.
 * Without a configured key only the {@code local} profile starts, with a throw-away key (tokens die with it).
 */
@Component
public class SigningKeys {

  private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

  private final List<RSAKey> keys;

  SigningKeys(SigningKeySettings settings, Environment environment) {
    if (!settings.keys().isEmpty()) {
      keys = settings.keys().stream().map(key -> PemKeys.load(key.kid(), key.privateKey())).toList();
    }
    else if (environment.matchesProfiles("local")) {
      keys = List.of(generate());
      log.warn("No signing key configured; signing with a generated key {} that lives as long as this process",
          keys.get(0).getKeyID());
    }
    else {
      throw new IllegalStateException("No signing key configured: set shopscale.user.keys[0].kid and "
          + "shopscale.user.keys[0].private-key (PKCS#8 PEM or its path); only the local profile generates one");
    }
    var kids = new HashSet<String>();
    for (RSAKey key : keys) {
      if (!kids.add(key.getKeyID())) {
        throw new IllegalStateException("Two signing keys have the kid " + key.getKeyID());
      }
    }
  }

  /** The key new tokens are signed with: the first configured. */
  public RSAKey active() {
    return keys.get(0);
  }

  /** Every key's public half, the JWKS document. */
  public Map<String, Object> publishedJwks() {
    return new JWKSet(keys.stream().map(RSAKey::toPublicJWK).map(JWK.class::cast).toList()).toJSONObject(true);
  }

  private static RSAKey generate() {
    try {
      return new RSAKeyGenerator(PemKeys.MIN_BITS).keyID("local-" + UUID.randomUUID()).keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.RS256).generate();
    }
    catch (JOSEException ex) {
      throw new IllegalStateException("Could not generate a local signing key", ex);
    }
  }
}
