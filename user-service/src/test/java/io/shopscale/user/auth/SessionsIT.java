package io.shopscale.user.auth;

import static io.shopscale.testsupport.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.shopscale.testsupport.ShopScaleInfrastructure;
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
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.transaction.support.TransactionTemplate;

/** Ending sessions (issue #16, item 4): logout, logout everywhere, disabled accounts, the session maximum. */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
@AutoConfigureMockMvc
@ShopScaleInfrastructure
@ContextConfiguration(initializers = {TestSigningKey.class, OwnJwks.class})
class SessionsIT {

  private static final String PASSWORD = "correct horse battery";

  @Autowired
  MockMvcTester mvc;

  @Autowired
  JdbcClient jdbc;

  @Autowired
  RefreshTokens refreshTokens;

  @Autowired
  TransactionTemplate tx;

  @Test
  void logoutEndsThatSessionOnlyAndAnswers204ForAnyToken() throws Exception {
    // given: one user logged in on two devices
    String email = register("logout");
    Tokens phone = login(email);
    Tokens laptop = login(email);
    Tokens phoneRotated = refresh(phone.refresh());
    // when: the phone logs out with its current refresh token
    assertThat(post("/api/auth/logout", "{\"refreshToken\":\"" + phoneRotated.refresh() + "\"}", null)).hasStatus(204);
    // then: the phone's session is over, the laptop's is not
    assertProblem(refreshResult(phoneRotated.refresh()), 401);
    assertThat(refreshResult(laptop.refresh())).hasStatusOk();
    // and: an unknown or already revoked token is no error
    assertThat(post("/api/auth/logout", "{\"refreshToken\":\"never-issued\"}", null)).hasStatus(204);
    assertThat(post("/api/auth/logout", "{\"refreshToken\":\"" + phoneRotated.refresh() + "\"}", null)).hasStatus(204);
  }

  @Test
  void logoutEverywhereEndsEverySessionOfTheCallerOnly() throws Exception {
    String email = register("everywhere");
    Tokens one = login(email);
    Tokens two = login(email);
    Tokens someoneElse = login(register("bystander"));
    assertThat(post("/api/auth/logout-all", null, one.access())).hasStatus(204);
    assertProblem(refreshResult(one.refresh()), 401);
    assertProblem(refreshResult(two.refresh()), 401);
    assertThat(refreshResult(someoneElse.refresh())).hasStatusOk();
    assertProblem(post("/api/auth/logout-all", null, null), 401);
  }

  @Test
  void aDisabledAccountCannotLogInOrRefreshUntilEnabledAgain() throws Exception {
    // given: a customer with a session, and an administrator
    String email = register("disabled");
    Tokens customer = login(email);
    String id = JsonPath.read(mvc.get().uri("/api/users/me").header(HttpHeaders.AUTHORIZATION,
        "Bearer " + customer.access()).exchange().getResponse().getContentAsString(), "$.id");
    String admin = admin();
    // when
    MvcTestResult disabled = post("/api/admin/users/" + id + "/disable", null, admin);
    // then: the profile says so, the session is over and the right password is answered like a wrong one
    assertThat(disabled).hasStatusOk().bodyJson().extractingPath("$.disabled").isEqualTo(true);
    assertProblem(refreshResult(customer.refresh()), 401);
    MvcTestResult rightPassword = loginResult(email, PASSWORD);
    MvcTestResult wrongPassword = loginResult(email, "not the password at all");
    assertProblem(rightPassword, 401);
    assertThat(detail(rightPassword)).isEqualTo(detail(wrongPassword));
    // and: enabled again, the owner logs in
    assertThat(post("/api/admin/users/" + id + "/enable", null, admin)).hasStatusOk().bodyJson()
        .extractingPath("$.disabled").isEqualTo(false);
    assertThat(loginResult(email, PASSWORD)).hasStatusOk();
    // only administrators, only known users
    assertProblem(post("/api/admin/users/" + id + "/disable", null, customer.access()), 403);
    assertProblem(post("/api/admin/users/" + UUID.randomUUID() + "/disable", null, admin), 404);
  }

  @Test
  void aSessionEndsAtItsMaximumHoweverOftenItRefreshes() throws Exception {
    // given: a session that started 30 days ago less a minute, refreshed just now
    UUID user = UUID.fromString(JsonPath.read(registerResult("old-session-" + System.nanoTime() + "@example.com")
        .getResponse().getContentAsString(), "$.id"));
    Instant now = Instant.now();
    Instant started = now.minus(Duration.ofDays(30)).plus(Duration.ofMinutes(1));
    String token = tx.execute(status -> refreshTokens.issue(user, UUID.randomUUID(), now, started));
    // then: the token expires with the session, not 7 days from now, and its successor too
    assertThat(expiresAt(user)).isBefore(now.plus(Duration.ofMinutes(2)));
    refresh(token);
    assertThat(expiresAt(user)).as("the successor's expiry").isBefore(now.plus(Duration.ofMinutes(2)));
    // and: a token of a session older than the maximum is refused, even if its own expiry were later
    String stale = tx.execute(status -> refreshTokens.issue(user, UUID.randomUUID(), now,
        now.minus(Duration.ofDays(31))));
    jdbc.sql("UPDATE refresh_tokens SET expires_at = now() + interval '7 days' WHERE user_id = ?").param(user).update();
    assertProblem(refreshResult(stale), 401);
  }

  private static String detail(MvcTestResult problem) throws Exception {
    return JsonPath.read(problem.getResponse().getContentAsString(), "$.detail");
  }

  private Instant expiresAt(UUID user) {
    return jdbc.sql("SELECT max(expires_at) FROM refresh_tokens WHERE user_id = ?").param(user)
        .query(OffsetDateTime.class).single().toInstant();
  }

  private String admin() throws Exception {
    String email = register("admin");
    jdbc.sql("UPDATE users SET roles = 'CUSTOMER,ADMIN' WHERE email = ?").param(email).update();
    return login(email).access();
  }

  private String register(String prefix) {
    String email = prefix + "-" + System.nanoTime() + "@example.com";
    assertThat(registerResult(email)).hasStatus(201);
    return email;
  }

  private MvcTestResult registerResult(String email) {
    return post("/api/users", "{\"email\":\"%s\",\"password\":\"%s\",\"name\":\"Session\"}".formatted(email, PASSWORD),
        null);
  }

  private Tokens login(String email) throws Exception {
    MvcTestResult result = loginResult(email, PASSWORD);
    assertThat(result).hasStatusOk();
    return Tokens.of(result);
  }

  private MvcTestResult loginResult(String email, String password) {
    return post("/api/auth/login", "{\"email\":\"%s\",\"password\":\"%s\"}".formatted(email, password), null);
  }

  private Tokens refresh(String refreshToken) throws Exception {
    MvcTestResult result = refreshResult(refreshToken);
    assertThat(result).hasStatusOk();
    return Tokens.of(result);
  }

  private MvcTestResult refreshResult(String refreshToken) {
    return post("/api/auth/refresh", "{\"refreshToken\":\"%s\"}".formatted(refreshToken), null);
  }

  private MvcTestResult post(String path, String json, String bearer) {
    var request = mvc.post().uri(path);
    if (json != null) {
      request.contentType(MediaType.APPLICATION_JSON).content(json);
    }
    if (bearer != null) {
      request.header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
    }
    return request.exchange();
  }

  private record Tokens(String access, String refresh) {
    static Tokens of(MvcTestResult result) throws Exception {
      String body = result.getResponse().getContentAsString();
      return new Tokens(JsonPath.read(body, "$.accessToken"), JsonPath.read(body, "$.refreshToken"));
    }
  }
}
