package io.shopscale.user.account;

import static io.shopscale.testsupport.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.function.BiFunction;

import com.jayway.jsonpath.JsonPath;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.TestJwtIssuer;
import io.shopscale.user.TestSigningKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * The JWT attack matrix against {@code GET /api/users/me}: each forgery names a real user that a correctly signed
 * token would reach, so only the token's defect can explain the 401.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ShopScaleInfrastructure
@ContextConfiguration(initializers = TestSigningKey.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessTokenAttackIT {

  @Autowired
  MockMvcTester mvc;

  private String userId;

  @BeforeAll
  void registerTheVictim() throws Exception {
    MvcTestResult created = mvc.post().uri("/api/users").contentType(MediaType.APPLICATION_JSON)
        .content("{\"email\":\"victim@example.com\",\"password\":\"correct horse battery\",\"name\":\"Victim\"}")
        .exchange();
    assertThat(created).hasStatus(201);
    userId = JsonPath.read(created.getResponse().getContentAsString(), "$.id");
  }

  @Test
  void aCorrectlySignedTokenReachesTheProfile() {
    assertThat(me(TestJwtIssuer.get().token().subject(userId).sign())).hasStatusOk();
  }

  @ParameterizedTest
  @EnumSource(Attack.class)
  void forgedTokenIsUnauthorized(Attack attack) {
    MvcTestResult result = me(attack.forge.apply(TestJwtIssuer.get().token(), userId));
    assertProblem(result, 401);
    assertThat(result.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
  }

  private MvcTestResult me(String token) {
    return mvc.get().uri("/api/users/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
  }

  enum Attack {
    NONE_ALGORITHM((token, sub) -> token.subject(sub).unsigned().sign()),
    HS256_KEYED_WITH_THE_PUBLIC_KEY((token, sub) -> token.subject(sub).hmacWithPublicKey().sign()),
    EXPIRED((token, sub) -> token.subject(sub).expiresAt(Instant.now().minus(Duration.ofMinutes(5))).sign()),
    WRONG_AUDIENCE((token, sub) -> token.subject(sub).audience("another-api").sign()),
    WRONG_ISSUER((token, sub) -> token.subject(sub).issuer("https://evil.example").sign()),
    UNKNOWN_KEY_ID((token, sub) -> token.subject(sub).signedByStranger().sign()),
    MISSING_KEY_ID((token, sub) -> token.subject(sub).withoutKeyId().sign()),
    TAMPERED_PAYLOAD((token, sub) -> withPayload(token.subject(sub).sign(), sub, "[\"CUSTOMER\",\"ADMIN\"]"));

    private final BiFunction<TestJwtIssuer.Token, String, String> forge;

    Attack(BiFunction<TestJwtIssuer.Token, String, String> forge) {
      this.forge = forge;
    }
  }

  /** Keeps header and signature of a valid token and swaps in a payload that grants more. */
  static String withPayload(String token, String subject, String roles) {
    String[] parts = token.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String escalated = payload.replaceFirst("\"roles\":\\[[^\\]]*\\]", "\"roles\":" + roles);
    assertThat(escalated).isNotEqualTo(payload).contains(subject);
    return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(escalated.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
  }
}
