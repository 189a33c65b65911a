package io.shopscale.gateway.ratelimit;

import static io.shopscale.gateway.GatewayTestSupport.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.shopscale.gateway.AgainstStubService;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import io.shopscale.testsupport.TestJwtIssuer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Login and registration are limited per client address whatever token comes along (issue #16, item 1): a token of
 * a self-registered account used to move the caller to a fresh per-user bucket on every route, these included.
 * Refill is 1 token per 100 s, so a test sees exactly the auth bucket (10) per address.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "shopscale.ratelimit.key-prefix=test-auth-ratelimit-${random.uuid}",
    "shopscale.gateway.edge.trusted-proxies=127.0.0.1",
    "shopscale.ratelimit.tiers.auth.rate=0.01", "shopscale.ratelimit.tiers.auth.burst=10",
    "shopscale.ratelimit.tiers.free.rate=0.01", "shopscale.ratelimit.tiers.free.burst=50"})
@ShopScaleInfrastructure(Server.REDIS)
class AuthRoutesRateLimitIT extends AgainstStubService {

  private final TestJwtIssuer issuer = TestJwtIssuer.get();

  @Test
  void wrongPasswordGuessesCarryingAnotherUsersValidTokenAreLimitedPerClientAddress() {
    // given: the attacker holds a valid token of an account it registered itself
    String ownToken = issuer.customer("attacker-" + System.nanoTime());
    // when: 120 login attempts for someone else's account from one address
    int firstLimited = 0;
    for (int attempt = 1; attempt <= 120; attempt++) {
      int status = login("203.0.113.50", ownToken);
      if (status == 429 && firstLimited == 0) {
        firstLimited = attempt;
      }
    }
    // then: the address's auth budget, not the token's user budget (50), decides
    assertThat(firstLimited).isEqualTo(11);
    assertThat(service.hits()).isEqualTo(10);
    assertProblem(loginSpec("203.0.113.50", ownToken).exchange(), 429)
        .getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER);
    assertThat(login("203.0.113.51", ownToken)).as("another address").isEqualTo(200);
  }

  @Test
  void registrationsShareTheAddressesAuthBudgetWithLogins() {
    for (int i = 0; i < 5; i++) {
      assertThat(login("203.0.113.60", null)).isEqualTo(200);
    }
    int registered = 0;
    for (int i = 0; i < 10; i++) {
      registered += http.post().uri("/api/users").header("X-Forwarded-For", "203.0.113.60")
          .header(HttpHeaders.AUTHORIZATION, "Bearer " + issuer.customer("someone-" + i))
          .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
          .returnResult(String.class).getStatus().value() == 200 ? 1 : 0;
    }
    assertThat(registered).isEqualTo(5);
  }

  @Test
  void ipv6ClientsOfOneSlash64ShareOneBudget() {
    int allowed = 0;
    for (int host = 1; host <= 15; host++) {
      // a new address in the same /64 for every attempt
      allowed += login("2001:db8:16:1::" + Integer.toHexString(host), null) == 200 ? 1 : 0;
    }
    assertThat(allowed).isEqualTo(10);
    assertThat(login("2001:db8:16:2::1", null)).as("the next /64").isEqualTo(200);
  }

  @Test
  void otherUserRoutesStayLimitedPerUser() {
    String token = issuer.customer("profile-" + System.nanoTime());
    var headers = http.get().uri("/api/users/me").header("X-Forwarded-For", "203.0.113.70")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
        .expectStatus().isOk().returnResult(String.class).getResponseHeaders();
    assertThat(headers.getFirst("X-RateLimit-Limit")).isEqualTo("50");
  }

  private int login(String address, @Nullable String token) {
    return loginSpec(address, token).exchange().returnResult(String.class).getStatus().value();
  }

  private WebTestClient.RequestHeadersSpec<?> loginSpec(String address, @Nullable String token) {
    var spec = http.post().uri("/api/auth/login").header("X-Forwarded-For", address)
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"email\":\"victim@example.com\",\"password\":\"guess\"}");
    if (token != null) {
      spec.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }
    return spec;
  }
}
