package io.shopscale.user.auth;

import static io.shopscale.testsupport.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.TestJwtIssuer;
import io.shopscale.user.OwnJwks;
import io.shopscale.user.TestSigningKey;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Register, log in, use and refresh tokens end to end, with the service checking its own tokens through its own
 * JWKS as in production (not the test issuer's).
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
@AutoConfigureMockMvc
@ShopScaleInfrastructure
@ContextConfiguration(initializers = {TestSigningKey.class, OwnJwks.class})
class IdentityFlowIT {

  private static final String PASSWORD = "correct horse battery";

  @Autowired
  MockMvcTester mvc;

  @Autowired
  JdbcClient jdbc;

  @Autowired
  RefreshTokens refreshTokens;

  @Autowired
  RefreshTokenPurge purge;

  @Autowired
  TransactionTemplate tx;

  @Test
  void refreshRotatesTokensAndReusingAnOldOneRevokesTheWholeFamily() throws Exception {
    // given: a registered user who logged in and reads their profile
    String id = register("flow@example.com");
    Tokens first = login("flow@example.com", PASSWORD);
    assertThat(me(first.access())).hasStatusOk().bodyJson().extractingPath("$.id").isEqualTo(id);
    // when: the refresh token is rotated
    Tokens second = refresh(first.refresh());
    assertThat(second.refresh()).isNotEqualTo(first.refresh());
    assertThat(me(second.access())).hasStatusOk();
    Tokens third = refresh(second.refresh());
    // then: a used token no longer works, and its reuse revokes the family, the newest token too
    assertProblem(refreshResult(first.refresh()), 401);
    assertProblem(refreshResult(third.refresh()), 401);
    // and another login starts a family of its own
    assertThat(refreshResult(login("flow@example.com", PASSWORD).refresh())).hasStatusOk();
  }

  @Test
  void accessTokenCarriesTheContractClaimsSignedWithAPublishedKey() throws Exception {
    String id = register("claims@example.com");
    MvcTestResult login = loginResult("claims@example.com", PASSWORD);
    assertThat(login).hasStatusOk().bodyJson().isLenientlyEqualTo("{\"tokenType\":\"Bearer\",\"expiresIn\":900}");
    SignedJWT token = SignedJWT.parse(JsonPath.read(login.getResponse().getContentAsString(), "$.accessToken"));
    assertThat(token.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    var claims = token.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo("shopscale");
    assertThat(token.getPayload().toJSONObject().get("aud")).isEqualTo("shopscale");
    assertThat(claims.getSubject()).isEqualTo(id);
    assertThat(claims.getStringClaim("email")).isEqualTo("claims@example.com");
    assertThat(claims.getStringListClaim("roles")).containsExactly("CUSTOMER");
    assertThat(claims.getStringClaim("tier")).isEqualTo("FREE");
    assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(900_000L);
    // the JWKS publishes that key, public half only
    MvcTestResult jwks = mvc.get().uri("/.well-known/jwks.json").exchange();
    assertThat(jwks).hasStatusOk().bodyJson().extractingPath("$.keys[0].kid")
        .isEqualTo(token.getHeader().getKeyID());
    assertThat(jwks.getResponse().getContentAsString()).doesNotContain("\"d\"").doesNotContain("\"p\"");
  }

  @Test
  void unknownEmailAndWrongPasswordGetIdenticalAnswers() throws Exception {
    register("known@example.com");
    MvcTestResult wrongPassword = mvc.post().uri("/api/auth/login").header("X-Correlation-ID", "same-id")
        .contentType(MediaType.APPLICATION_JSON)
        .content("{\"email\":\"known@example.com\",\"password\":\"not the password\"}").exchange();
    MvcTestResult unknownEmail = mvc.post().uri("/api/auth/login").header("X-Correlation-ID", "same-id")
        .contentType(MediaType.APPLICATION_JSON)
        .content("{\"email\":\"unknown@example.com\",\"password\":\"not the password\"}").exchange();
    assertProblem(wrongPassword, 401);
    assertProblem(unknownEmail, 401);
    assertThat(unknownEmail.getResponse().getContentAsString())
        .isEqualTo(wrongPassword.getResponse().getContentAsString());
    assertThat(unknownEmail.getResponse().getHeaderNames())
        .containsExactlyInAnyOrderElementsOf(wrongPassword.getResponse().getHeaderNames());
  }

  @Test
  void loginMatchesTheEmailCaseInsensitively() throws Exception {
    register("case@example.com");
    assertThat(loginResult("  CASE@Example.com", PASSWORD)).hasStatusOk();
  }

  @Test
  void administratorsTierChangeAppearsInTheNextRefreshedToken() throws Exception {
    // given: a customer holding tokens, and an administrator
    String customerId = register("customer@example.com");
    Tokens customer = login("customer@example.com", PASSWORD);
    String adminId = register("boss@example.com");
    jdbc.sql("UPDATE users SET roles = 'CUSTOMER,ADMIN' WHERE id = ?::uuid").param(adminId).update();
    Tokens admin = login("boss@example.com", PASSWORD);
    // when
    assertThat(mvc.patch().uri("/api/admin/users/" + customerId).header(HttpHeaders.AUTHORIZATION,
        "Bearer " + admin.access()).contentType(MediaType.APPLICATION_JSON).content("{\"tier\":\"PREMIUM\"}")
        .exchange()).hasStatusOk();
    // then: the token in hand keeps its claims until it expires; the next one carries the change
    assertThat(tier(customer.access())).isEqualTo("FREE");
    assertThat(tier(refresh(customer.refresh()).access())).isEqualTo("PREMIUM");
  }

  @Test
  void concurrentUsesOfOneRefreshTokenNeverLeaveTwoWorkingSuccessors() throws Exception {
    // given
    register("racer@example.com");
    String shared = login("racer@example.com", PASSWORD).refresh();
    int racers = 4;
    var start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    List<Future<MvcTestResult>> results = new ArrayList<>();
    try {
      // when: the same refresh token is presented several times at once
      for (int i = 0; i < racers; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return refreshResult(shared);
        }));
      }
      start.countDown();
      List<String> successors = new ArrayList<>();
      int refused = 0;
      for (Future<MvcTestResult> result : results) {
        MvcTestResult answer = result.get(60, TimeUnit.SECONDS);
        if (answer.getResponse().getStatus() == 200) {
          successors.add(JsonPath.read(answer.getResponse().getContentAsString(), "$.refreshToken"));
        }
        else {
          assertProblem(answer, 401);
          refused++;
        }
      }
      // then: exactly one rotation happened; the others count as reuse, which revokes even that successor
      assertThat(successors).hasSize(1);
      assertThat(refused).isEqualTo(racers - 1);
      assertProblem(refreshResult(successors.get(0)), 401);
    }
    finally {
      pool.shutdownNow();
    }
  }

  @Test
  void tamperedTokensAndTokensFromOtherIssuersAreRejected() throws Exception {
    String id = register("tamper@example.com");
    Tokens tokens = login("tamper@example.com", PASSWORD);
    String[] parts = tokens.access().split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
        .replace("\"FREE\"", "\"PREMIUM\"");
    String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    assertProblem(me(tampered), 401);
    // a well-formed token signed by a key this service never published
    assertProblem(me(TestJwtIssuer.get().customer(id)), 401);
    assertThat(me(tokens.access())).hasStatusOk();
  }

  @Test
  void refreshTokensAreDeletedADayAfterTheyExpiredAndNotBefore() throws Exception {
    // given: tokens issued 9 days ago (expired 2 days ago), 7.5 days ago (expired 12 h ago) and now
    UUID user = UUID.fromString(register("purge@example.com"));
    Instant now = Instant.now();
    String old = issue(user, now.minus(Duration.ofDays(9)));
    String recentlyExpired = issue(user, now.minus(Duration.ofHours(7 * 24 + 12)));
    String live = issue(user, now);
    // when
    purge.purge();
    // then
    assertThat(tokenRows(user)).isEqualTo(2);
    assertProblem(refreshResult(old), 401);
    assertProblem(refreshResult(recentlyExpired), 401);
    assertThat(refreshResult(live)).hasStatusOk();
  }

  private String issue(UUID user, Instant issuedAt) {
    return tx.execute(status -> refreshTokens.issue(user, UUID.randomUUID(), issuedAt, issuedAt));
  }

  private int tokenRows(UUID user) {
    return jdbc.sql("SELECT count(*) FROM refresh_tokens WHERE user_id = ?").param(user).query(Integer.class).single();
  }

  @Test
  void aHashWithTheEarlierParametersStillLogsInAndIsReplacedByOneWithTodaysAtTheRightPassword() throws Exception {
    // given: an account whose hash was made with m = 19 MiB, t = 2, the setting before m = 7 MiB, t = 5
    String id = register("earlier@example.com");
    String earlier = new Argon2PasswordEncoder(16, 32, 1, 19_456, 2).encode(PASSWORD);
    jdbc.sql("UPDATE users SET password_hash = ? WHERE id = ?::uuid").params(earlier, id).update();
    // when: a wrong password, which changes nothing
    assertProblem(loginResult("earlier@example.com", "not the password"), 401);
    assertThat(storedHash(id)).isEqualTo(earlier);
    // and the right one
    login("earlier@example.com", PASSWORD);
    // then: the stored hash has today's parameters, and the password still logs in
    assertThat(storedHash(id)).startsWith("$argon2id$v=19$m=7168,t=5,p=1$");
    login("earlier@example.com", PASSWORD);
  }

  private String storedHash(String id) {
    return jdbc.sql("SELECT password_hash FROM users WHERE id = ?::uuid").param(id).query(String.class).single();
  }

  private String register(String email) throws Exception {
    MvcTestResult created = mvc.post().uri("/api/users").contentType(MediaType.APPLICATION_JSON)
        .content("{\"email\":\"%s\",\"password\":\"%s\",\"name\":\"Flow\"}".formatted(email, PASSWORD)).exchange();
    assertThat(created).hasStatus(201);
    return JsonPath.read(created.getResponse().getContentAsString(), "$.id");
  }

  private Tokens login(String email, String password) throws Exception {
    MvcTestResult result = loginResult(email, password);
    assertThat(result).hasStatusOk();
    return Tokens.of(result);
  }

  private MvcTestResult loginResult(String email, String password) {
    return mvc.post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON)
        .content("{\"email\":\"%s\",\"password\":\"%s\"}".formatted(email, password)).exchange();
  }

  private Tokens refresh(String refreshToken) throws Exception {
    MvcTestResult result = refreshResult(refreshToken);
    assertThat(result).hasStatusOk();
    return Tokens.of(result);
  }

  private MvcTestResult refreshResult(String refreshToken) {
    return mvc.post().uri("/api/auth/refresh").contentType(MediaType.APPLICATION_JSON)
        .content("{\"refreshToken\":\"%s\"}".formatted(refreshToken)).exchange();
  }

  private MvcTestResult me(String accessToken) {
    return mvc.get().uri("/api/users/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken).exchange();
  }

  private static String tier(String accessToken) throws Exception {
    return SignedJWT.parse(accessToken).getJWTClaimsSet().getStringClaim("tier");
  }

  private record Tokens(String access, String refresh) {
    static Tokens of(MvcTestResult result) throws Exception {
      String json = result.getResponse().getContentAsString();
      return new Tokens(JsonPath.read(json, "$.accessToken"), JsonPath.read(json, "$.refreshToken"));
    }
  }
}
