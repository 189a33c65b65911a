package io.shopscale.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

/**
 * Issues real RS256 tokens like user-service does and serves their public key as a JWKS on loopback, so services
 * are tested with signed tokens through their real resource-server configuration. Also forges the tokens an
 * attacker would try (no algorithm, HS256 keyed with the public key, unknown key, a key URL in the header,
 * expired or never expiring, not yet valid, wrong audience).
 */
public final class TestJwtIssuer {

  public static final String ISSUER = "shopscale";
  public static final String AUDIENCE = "shopscale";

  private static volatile TestJwtIssuer instance;

  private final RSAKey key;
  private final RSAKey strangerKey;
  private final URI jwksUri;
  private final URI strangerJwksUri;

  private TestJwtIssuer() {
    try {
      key = new RSAKeyGenerator(2048).keyID("test-key-1").generate();
      strangerKey = new RSAKeyGenerator(2048).keyID("unknown-key").generate();
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      serve(server, "/.well-known/jwks.json", new JWKSet(key.toPublicJWK()).toString());
      // the attacker's own key set, for tokens whose jku/x5u header points at it
      serve(server, "/attacker/jwks.json", new JWKSet(strangerKey.toPublicJWK()).toString());
      server.setExecutor(null);
      server.start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0), "stop-test-jwks"));
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      jwksUri = URI.create(base + "/.well-known/jwks.json");
      strangerJwksUri = URI.create(base + "/attacker/jwks.json");
    }
    catch (JOSEException ex) {
      throw new IllegalStateException(ex);
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private static void serve(HttpServer server, String path, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    server.createContext(path, exchange -> {
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
  }

  public static TestJwtIssuer get() {
    if (instance == null) {
      synchronized (TestJwtIssuer.class) {
        if (instance == null) {
          instance = new TestJwtIssuer();
        }
      }
    }
    return instance;
  }

  public URI jwksUri() {
    return jwksUri;
  }

  /** The JWK Set document {@link #jwksUri()} serves: the public half of the signing key. */
  public String publicJwks() {
    return new JWKSet(key.toPublicJWK()).toString();
  }

  /** A valid access token for a customer. */
  public String customer(String subject) {
    return token().subject(subject).roles("CUSTOMER").sign();
  }

  /** A valid access token for an administrator. */
  public String admin(String subject) {
    return token().subject(subject).roles("CUSTOMER", "ADMIN").sign();
  }

  public Token token() {
    return new Token();
  }

  /** A token under construction; every setting starts valid. */
  public final class Token {

    private String subject = UUID.randomUUID().toString();
    private List<String> roles = List.of("CUSTOMER");
    private String tier = "FREE";
    private String issuer = ISSUER;
    private String audience = AUDIENCE;
    private @Nullable Instant expiresAt = Instant.now().plus(Duration.ofMinutes(15));
    private @Nullable Instant notBefore;
    private @Nullable String keyId = key.getKeyID();
    private Forgery forgery = Forgery.NONE;
    private String strangerKid = strangerKey.getKeyID();

    private Token() {
    }

    public Token subject(String value) {
      subject = value;
      return this;
    }

    public Token roles(String... values) {
      roles = List.of(values);
      return this;
    }

    public Token tier(String value) {
      tier = value;
      return this;
    }

    public Token issuer(String value) {
      issuer = value;
      return this;
    }

    public Token audience(String value) {
      audience = value;
      return this;
    }

    public Token expiresAt(Instant value) {
      expiresAt = value;
      return this;
    }

    /** No {@code exp} claim at all: a token that would never expire. */
    public Token withoutExpiry() {
      expiresAt = null;
      return this;
    }

    public Token notBefore(Instant value) {
      notBefore = value;
      return this;
    }

    public Token withoutKeyId() {
      keyId = null;
      return this;
    }

    /** Signed with a key the JWKS does not publish. */
    public Token signedByStranger() {
      forgery = Forgery.STRANGER_KEY;
      return this;
    }

    /** Signed with a key the JWKS does not publish, under a {@code kid} of the caller's choice. */
    public Token signedByStranger(String kid) {
      forgery = Forgery.STRANGER_KEY;
      strangerKid = kid;
      return this;
    }

    /**
     * Signed with the attacker's key under our key id, with {@code jku} and {@code x5u} headers pointing at the
     * attacker's key set: valid only for a decoder that fetches keys from where the token says.
     */
    public Token keyFromTokenHeader() {
      forgery = Forgery.KEY_URL_IN_HEADER;
      return this;
    }

    /** {@code alg: none}, no signature. */
    public Token unsigned() {
      forgery = Forgery.ALG_NONE;
      return this;
    }

    /** HS256 keyed with the public RSA key: the classic algorithm-confusion attack. */
    public Token hmacWithPublicKey() {
      forgery = Forgery.HMAC_PUBLIC_KEY;
      return this;
    }

    public String sign() {
      JWTClaimsSet claims = new JWTClaimsSet.Builder()
          .subject(subject)
          .issuer(issuer)
          .audience(audience)
          .issueTime(new Date())
          .expirationTime(expiresAt != null ? Date.from(expiresAt) : null)
          .notBeforeTime(notBefore != null ? Date.from(notBefore) : null)
          .jwtID(UUID.randomUUID().toString())
          .claim("email", subject + "@test.shopscale.local")
          .claim("roles", roles)
          .claim("tier", tier)
          .build();
      try {
        return switch (forgery) {
          case ALG_NONE -> new PlainJWT(new PlainHeader(), claims).serialize();
          case HMAC_PUBLIC_KEY -> signed(JWSAlgorithm.HS256, claims,
              new MACSigner(key.toPublicKey().getEncoded()));
          case STRANGER_KEY, KEY_URL_IN_HEADER -> signed(JWSAlgorithm.RS256, claims, new RSASSASigner(strangerKey));
          case NONE -> signed(JWSAlgorithm.RS256, claims, new RSASSASigner(key));
        };
      }
      catch (JOSEException ex) {
        throw new IllegalStateException(ex);
      }
    }

    private String signed(JWSAlgorithm algorithm, JWTClaimsSet claims, com.nimbusds.jose.JWSSigner signer)
        throws JOSEException {
      JWSHeader.Builder header = new JWSHeader.Builder(algorithm);
      if (keyId != null) {
        header.keyID(forgery == Forgery.STRANGER_KEY ? strangerKid : keyId);
      }
      if (forgery == Forgery.KEY_URL_IN_HEADER) {
        header.jwkURL(strangerJwksUri).x509CertURL(strangerJwksUri);
      }
      SignedJWT jwt = new SignedJWT(header.build(), claims);
      jwt.sign(signer);
      return jwt.serialize();
    }
  }

  private enum Forgery {
    NONE, STRANGER_KEY, KEY_URL_IN_HEADER, ALG_NONE, HMAC_PUBLIC_KEY
  }
}
