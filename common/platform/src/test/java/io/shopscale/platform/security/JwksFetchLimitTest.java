package io.shopscale.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.net.URI;
import java.time.Duration;

import io.shopscale.testsupport.CountingJwks;
import io.shopscale.testsupport.TestJwtIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * The services' decoder, as the platform builds it, against a real JWKS endpoint that counts its requests: tokens
 * with unknown {@code kid}s cannot make it fetch the JWKS at their pace (issue #16, item 2).
 */
class JwksFetchLimitTest {

  private final TestJwtIssuer issuer = TestJwtIssuer.get();

  @Test
  void aThousandTokensWithUnknownKidsFetchTheJwksAtMostOnceMore() {
    try (CountingJwks jwks = CountingJwks.ofTestIssuer()) {
      // given: a decoder that has verified one valid token
      JwtDecoder decoder = decoder(jwks.uri(), Duration.ofSeconds(10));
      assertThat(decoder.decode(issuer.customer("warm-up")).getSubject()).isEqualTo("warm-up");
      // when: 1,000 tokens under kids the JWKS never had
      for (int i = 0; i < 1000; i++) {
        String forged = issuer.token().signedByStranger("forged-" + i).sign();
        assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(forged));
      }
      // then: the warm-up's fetch and at most one refetch; valid tokens still pass
      assertThat(jwks.fetches()).isBetween(1, 2);
      assertThat(decoder.decode(issuer.customer("after")).getSubject()).isEqualTo("after");
    }
  }

  @Test
  void anUnknownKidFetchesTheJwksAgainOnceTheIntervalHasPassed() throws Exception {
    try (CountingJwks jwks = CountingJwks.ofTestIssuer()) {
      JwtDecoder decoder = decoder(jwks.uri(), Duration.ofMillis(200));
      decoder.decode(issuer.customer("warm-up"));
      String unknown = issuer.token().signedByStranger("rotated-in-" + System.nanoTime()).sign();
      assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(unknown));
      int soon = jwks.fetches();
      org.awaitility.Awaitility.await().pollDelay(Duration.ofMillis(250)).until(() -> true);
      assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(unknown));
      // a key rotated in is looked for again after the interval, not never
      assertThat(jwks.fetches()).isEqualTo(soon + 1);
    }
  }

  @Test
  void anUnreachableJwksIsAskedAtMostOncePerInterval() {
    JwtDecoder decoder = decoder(URI.create("http://127.0.0.1:9/.well-known/jwks.json"), Duration.ofSeconds(10));
    String token = issuer.customer("nobody");
    // the first attempt goes out and fails; the next ones answer from memory at once
    for (int i = 0; i < 50; i++) {
      assertThatExceptionOfType(JwtException.class).isThrownBy(() -> decoder.decode(token));
    }
  }

  private static JwtDecoder decoder(URI jwks, Duration minRefetchInterval) {
    return new PlatformSecurityAutoConfiguration().jwtDecoder(new JwtSettings(jwks, TestJwtIssuer.ISSUER,
        TestJwtIssuer.AUDIENCE, Duration.ofMinutes(5), minRefetchInterval));
  }
}
