package io.shopscale.user.auth;

import static io.shopscale.testsupport.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.user.OwnJwks;
import io.shopscale.user.TestSigningKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Failed logins slow down the target account (issue #16, item 1), on the real PostgreSQL and Redis, with short waits:
 * 5 free failures, then 200 ms doubling up to 1 s.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT, properties = {
    "shopscale.user.login-throttle.free-failures=5", "shopscale.user.login-throttle.first-delay=200ms",
    "shopscale.user.login-throttle.max-delay=1s", "shopscale.user.login-throttle.window=1m"})
@AutoConfigureMockMvc
@ShopScaleInfrastructure
@ContextConfiguration(initializers = {TestSigningKey.class, OwnJwks.class})
@ExtendWith(OutputCaptureExtension.class)
class LoginThrottleIT {

  private static final String PASSWORD = "correct horse battery";

  @Autowired
  MockMvcTester mvc;

  @Autowired
  MeterRegistry meters;

  @Test
  void wrongPasswordsCarryingAnotherUsersValidTokenHit429EarlyAndTheOwnerGetsInAfterTheWait(CapturedOutput output)
      throws Exception {
    // given: the victim's account, and an attacker holding a valid token of an account it registered itself
    String victim = "victim-" + System.nanoTime() + "@example.com";
    register(victim);
    String attacker = "attacker-" + System.nanoTime() + "@example.com";
    register(attacker);
    String attackersToken = JsonPath.read(login(attacker, PASSWORD, null).getResponse().getContentAsString(),
        "$.accessToken");
    double failuresBefore = count("failure");
    // when: 120 wrong passwords for the victim
    int firstLimited = 0;
    int passwordChecks = 0;
    MvcTestResult limited = null;
    for (int attempt = 1; attempt <= 120; attempt++) {
      MvcTestResult result = login(victim, "guess number " + attempt, attackersToken);
      int status = result.getResponse().getStatus();
      if (status == 429 && firstLimited == 0) {
        firstLimited = attempt;
        limited = result;
      }
      passwordChecks += status == 401 ? 1 : 0;
      assertThat(status).isIn(401, 429);
    }
    // then: 429 right after the free failures, most guesses never reach Argon2, and the answer says when to retry
    assertThat(firstLimited).isBetween(6, 8);
    assertThat(passwordChecks).isLessThan(20);
    assertThat(limited).isNotNull();
    assertProblem(limited, 429);
    assertThat(Long.parseLong(limited.getResponse().getHeader(HttpHeaders.RETRY_AFTER))).isBetween(1L, 1L);
    assertThat(count("failure") - failuresBefore).isEqualTo(passwordChecks);
    assertThat(count("throttled")).isGreaterThanOrEqualTo(120 - passwordChecks);
    // and: other accounts are not slowed down
    assertThat(login(attacker, PASSWORD, null)).hasStatusOk();
    // and: the owner is in again once the wait (at most max-delay, 1 s) has passed
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(300))
        .untilAsserted(() -> assertThat(login(victim, PASSWORD, null)).hasStatusOk());
    // and: each attempt left a log line naming the account by hash and the client, never the password
    assertThat(output).contains("Login failure account=email-sha256:" + LoginThrottle.accountKey(victim)
        + " client=198.51.100.7 correlationId=");
    assertThat(output).contains("Login success account=user:").contains("Login throttled account=email-sha256:");
    assertThat(output).doesNotContain("guess number").doesNotContain(victim);
  }

  @Test
  void aSuccessfulLoginForgetsEarlierFailures() throws Exception {
    String owner = "forgetful-" + System.nanoTime() + "@example.com";
    register(owner);
    for (int i = 0; i < 5; i++) {
      assertThat(login(owner, "typo " + i, null)).hasStatus(401);
    }
    assertThat(login(owner, PASSWORD, null)).hasStatusOk();
    // five more free failures: the count started again
    for (int i = 0; i < 5; i++) {
      assertThat(login(owner, "typo " + i, null)).hasStatus(401);
    }
    assertThat(login(owner, PASSWORD, null)).hasStatusOk();
  }

  @Test
  void failuresOfOneClientSpreadOverManyAccountsAreCountedAndLoggedOnce(CapturedOutput output) {
    // given
    double before = meters.get("shopscale.auth.login.failures.spread").counter().count();
    // when: one address fails on 11 different accounts (known or not: it makes no difference)
    for (int i = 0; i < 11; i++) {
      assertThat(mvc.post().uri("/api/auth/login").header("X-Forwarded-For", "198.51.100.99")
          .contentType(MediaType.APPLICATION_JSON)
          .content("{\"email\":\"sprayed-%d-%d@example.com\",\"password\":\"Summer2026!\"}".formatted(i,
              System.nanoTime()))
          .exchange()).hasStatus(401);
    }
    // then: the 10th and the 11th count as spread, and the address is named once in the log
    assertThat(meters.get("shopscale.auth.login.failures.spread").counter().count() - before).isEqualTo(2);
    assertThat(output.getOut().split("client=198.51.100.99 failed on 10 distinct accounts", -1)).hasSize(2);
    // another address is not affected
    assertThat(login("someone-" + System.nanoTime() + "@example.com", "wrong password", null)).hasStatus(401);
    assertThat(meters.get("shopscale.auth.login.failures.spread").counter().count() - before).isEqualTo(2);
  }

  private double count(String outcome) {
    var counter = meters.find("shopscale.auth.logins").tag("outcome", outcome).counter();
    return counter != null ? counter.count() : 0;
  }

  private void register(String email) {
    assertThat(mvc.post().uri("/api/users").contentType(MediaType.APPLICATION_JSON)
        .content("{\"email\":\"%s\",\"password\":\"%s\",\"name\":\"Someone\"}".formatted(email, PASSWORD))
        .exchange()).hasStatus(201);
  }

  private MvcTestResult login(String email, String password, String bearer) {
    var request = mvc.post().uri("/api/auth/login").header("X-Forwarded-For", "198.51.100.7")
        .contentType(MediaType.APPLICATION_JSON)
        .content("{\"email\":\"%s\",\"password\":\"%s\"}".formatted(email, password));
    if (bearer != null) {
      request.header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
    }
    return request.exchange();
  }
}
