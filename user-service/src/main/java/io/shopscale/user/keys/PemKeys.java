package io.shopscale.user.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

/** Reads RSA private keys in PKCS#8 PEM with the JDK alone; error messages never contain key material. */
final class PemKeys {

  static final int MIN_BITS = 2048;
  private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String END = "-----END PRIVATE KEY-----";

  private PemKeys() {
  }

  /** {@code value} is the PEM itself when it contains a PEM header, otherwise the path of a PEM file. */
  static RSAKey load(String kid, String value) {
    if (kid == null || kid.isBlank()) {
      throw new IllegalStateException("A signing key has no kid");
    }
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("Signing key " + kid + " has no private-key");
    }
    String pem = value.contains("-----BEGIN") ? value : read(kid, value.strip());
    if (pem.contains("-----BEGIN RSA PRIVATE KEY-----")) {
      throw new IllegalStateException("Signing key " + kid + " is PKCS#1; convert it with "
          + "'openssl pkcs8 -topk8 -nocrypt -in old.pem -out key.pem'");
    }
    int begin = pem.indexOf(BEGIN);
    int end = pem.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalStateException("Signing key " + kid + " is not an unencrypted PKCS#8 PEM (" + BEGIN + ")");
    }
    try {
      byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
      KeyFactory rsa = KeyFactory.getInstance("RSA");
      if (!(rsa.generatePrivate(new PKCS8EncodedKeySpec(der)) instanceof RSAPrivateCrtKey privateKey)) {
        throw new IllegalStateException("Signing key " + kid + " lacks the CRT parameters to derive its public key");
      }
      var publicKey = (RSAPublicKey) rsa.generatePublic(
          new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
      if (publicKey.getModulus().bitLength() < MIN_BITS) {
        throw new IllegalStateException("Signing key " + kid + " has fewer than " + MIN_BITS + " bits");
      }
      return new RSAKey.Builder(publicKey).privateKey(privateKey).keyID(kid).keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.RS256).build();
    }
    catch (GeneralSecurityException | IllegalArgumentException ex) {
      throw new IllegalStateException("Signing key " + kid + " is not a readable RSA private key", ex);
    }
  }

  private static String read(String kid, String path) {
    try {
      return Files.readString(Path.of(path));
    }
    catch (IOException ex) {
      throw new UncheckedIOException("Signing key " + kid + ": cannot read " + path, ex);
    }
  }
}
