package io.shopscale.user;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives a test context a freshly generated signing key through the same configuration production uses
 * ({@code shopscale.user.keys}), since the service only generates keys itself in the local profile.
 */
public class TestSigningKey implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    context.getEnvironment().getPropertySources().addLast(new MapPropertySource("testSigningKey",
        Map.of("shopscale.user.keys[0].kid", "test-" + UUID.randomUUID(),
            "shopscale.user.keys[0].private-key", pem(newKeyPair()))));
  }

  public static KeyPair newKeyPair() {
    return newKeyPair(2048);
  }

  public static KeyPair newKeyPair(int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits);
      return generator.generateKeyPair();
    }
    catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /** The private key as PKCS#8 PEM, what {@code openssl genpkey -algorithm RSA} writes. */
  public static String pem(KeyPair pair) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
            .encodeToString(pair.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }
}
