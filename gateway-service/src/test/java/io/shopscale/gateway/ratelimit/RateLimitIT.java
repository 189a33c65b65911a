package io.shopscale.gateway.ratelimit;

import static io.shopscale.gateway.GatewayTestSupport.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.function.Function;

import io.shopscale.gateway.AgainstStubService;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import io.shopscale.testsupport.TestJwtIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Tiered token buckets on the real Redis. Refill is 1 token per 100 s here, so a test sees exactly its bucket size.
 * The test client is a trusted proxy, so each test picks its own anonymous bucket with {@code X-Forwarded-For}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "shopscale.ratelimit.key-prefix=test-ratelimit-${random.uuid}",
    "shopscale.gateway.edge.trusted-proxies=127.0.0.1",
    "shopscale.ratelimit.tiers.anonymous.rate=0.01", "shopscale.ratelimit.tiers.anonymous.burst=3",
    "shopscale.ratelimit.tiers.free.rate=0.01", "shopscale.ratelimit.tiers.free.burst=5",
    "shopscale.ratelimit.tiers.basic.rate=0.01", "shopscale.ratelimit.tiers.basic.burst=8",
    "shopscale.ratelimit.tiers.premium.rate=0.01", "shopscale.ratelimit.tiers.premium.burst=12",
    "shopscale.ratelimit.tiers.admin.rate=0.01", "shopscale.ratelimit.tiers.admin.burst=15"})
@ShopScaleInfrastructure(Server.REDIS)
class RateLimitIT extends AgainstStubService {

  private final TestJwtIssuer issuer = TestJwtIssuer.get();

  @Test
  void everyLimitedResponseCarriesLimitRemainingAndReset() {
    long now = Instant.now().getEpochSecond();
    var headers = http.get().uri("/api/products").header("X-Forwarded-For", "203.0.113.1").exchange()
        .expectStatus().isOk().returnResult(String.class).getResponseHeaders();
    assertThat(headers.getFirst("X-RateLimit-Limit")).isEqualTo("3");
    assertThat(headers.getFirst("X-RateLimit-Remaining")).isEqualTo("2");
    // one token spent at 0.01 tokens/s: full again in 100 s
    assertThat(Long.parseLong(headers.getFirst("X-RateLimit-Reset"))).isBetween(now + 99, now + 102);
  }

  @Test
  void overTheLimitIsA429ProblemWithRetryAfterAndTheServiceIsSpared() {
    for (int i = 0; i < 3; i++) {
      http.get().uri("/api/products").header("X-Forwarded-For", "203.0.113.2").exchange().expectStatus().isOk();
    }
    var limited = assertProblem(http.get().uri("/api/products").header("X-Forwarded-For", "203.0.113.2").exchange(),
        429);
    assertThat(Long.parseLong(limited.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER))).isBetween(1L, 101L);
    assertThat(limited.getResponseHeaders().getFirst("X-RateLimit-Remaining")).isEqualTo("0");
    assertThat(service.hits()).isEqualTo(3);
  }

  @Test
  void eachTierGetsItsConfiguredBucket() {
    assertThat(allowedOutOf(20, issuer.token().tier("FREE").sign())).isEqualTo(5);
    assertThat(allowedOutOf(20, issuer.token().tier("BASIC").sign())).isEqualTo(8);
    assertThat(allowedOutOf(20, issuer.token().tier("PREMIUM").sign())).isEqualTo(12);
    assertThat(allowedOutOf(20, issuer.token().tier("FREE").roles("CUSTOMER", "ADMIN").sign())).isEqualTo(15);
    assertThat(allowedOutOf(20, issuer.token().tier("PLATINUM").sign())).as("unknown tier: the smallest").isEqualTo(5);
  }

  @Test
  void authenticatedCallersAreLimitedPerUserWhateverTheirAddress() {
    String alice = issuer.token().subject("alice-" + System.nanoTime()).tier("FREE").sign();
    String bob = issuer.token().subject("bob-" + System.nanoTime()).tier("FREE").sign();
    int alicesAllowed = 0;
    for (int i = 0; i < 8; i++) {
      // alice moves between networks: still one bucket
      alicesAllowed += status(alice, "198.51.100." + i) == 200 ? 1 : 0;
    }
    assertThat(alicesAllowed).isEqualTo(5);
    assertThat(status(bob, "198.51.100.1")).as("bob, same address as alice").isEqualTo(200);
  }

  @Test
  void healthJwksAndApiDocsAreNotLimited() {
    for (String path : new String[]{"/.well-known/jwks.json", "/inventory-service/v3/api-docs",
        "/actuator/health"}) {
      for (int i = 0; i < 6; i++) {
        http.get().uri(path).header("X-Forwarded-For", "203.0.113.3").exchange().expectStatus().isOk()
            .expectHeader().doesNotExist("X-RateLimit-Limit");
      }
    }
  }

  private int allowedOutOf(int requests, String token) {
    int allowed = 0;
    for (int i = 0; i < requests; i++) {
      allowed += status(token, "203.0.113.4") == 200 ? 1 : 0;
    }
    return allowed;
  }

  private int status(String token, String address) {
    Function<WebTestClient.RequestHeadersSpec<?>, Integer> send = spec -> spec.exchange().returnResult(String.class)
        .getStatus().value();
    return send.apply(http.get().uri("/api/orders").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .header("X-Forwarded-For", address));
  }
}
