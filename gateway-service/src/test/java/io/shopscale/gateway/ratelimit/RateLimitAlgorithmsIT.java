package io.shopscale.gateway.ratelimit;

import static io.shopscale.gateway.GatewayTestSupport.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.shopscale.gateway.AgainstStubService;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import io.shopscale.testsupport.TestJwtIssuer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The three algorithms a tier can choose, on the real Redis, through the gateway. FREE, BASIC and PREMIUM have the
 * same budget of 5 requests, each counted by another algorithm, at a rate so low (one request per 1,000 s, windows
 * of 5,000 s) that nothing refills during a test. ADMIN (fixed window) and anonymous callers (sliding window) have 10
 * requests per 4-second window, for the window-boundary tests, which place their requests on Redis's clock.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "shopscale.ratelimit.key-prefix=test-algorithms-${random.uuid}",
    "shopscale.gateway.edge.trusted-proxies=127.0.0.1",
    "shopscale.ratelimit.tiers.free.rate=0.001", "shopscale.ratelimit.tiers.free.burst=5",
    "shopscale.ratelimit.tiers.free.algorithm=fixed-window",
    "shopscale.ratelimit.tiers.basic.rate=0.001", "shopscale.ratelimit.tiers.basic.burst=5",
    "shopscale.ratelimit.tiers.basic.algorithm=sliding-window",
    "shopscale.ratelimit.tiers.premium.rate=0.001", "shopscale.ratelimit.tiers.premium.burst=5",
    "shopscale.ratelimit.tiers.premium.algorithm=token-bucket",
    "shopscale.ratelimit.tiers.admin.rate=2.5", "shopscale.ratelimit.tiers.admin.burst=10",
    "shopscale.ratelimit.tiers.admin.algorithm=fixed-window",
    "shopscale.ratelimit.tiers.anonymous.rate=2.5", "shopscale.ratelimit.tiers.anonymous.burst=10",
    "shopscale.ratelimit.tiers.anonymous.algorithm=sliding-window"})
@ShopScaleInfrastructure(Server.REDIS)
class RateLimitAlgorithmsIT extends AgainstStubService {

  private static final long WINDOW_MILLIS = 4_000;

  @Autowired
  ReactiveStringRedisTemplate redis;

  private final TestJwtIssuer issuer = TestJwtIssuer.get();

  @Test
  void eachAlgorithmAdmitsExactlyItsBudgetAndRefusesTheRest() {
    for (String tier : new String[]{"FREE", "BASIC", "PREMIUM"}) {
      // given: a fresh caller of the tier
      String token = issuer.token().subject(tier + "-budget-" + System.nanoTime()).tier(tier).sign();
      service.reset();

      // when: it sends 8 requests at once
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        statuses.add(http.get().uri("/api/products").headers(h -> h.setBearerAuth(token)).exchange()
            .returnResult(String.class).getStatus().value());
      }

      // then: its 5, in order, and 429 for the rest, which never reach the service
      assertThat(statuses).as(tier).containsExactly(200, 200, 200, 200, 200, 429, 429, 429);
      assertThat(service.hits()).as(tier).isEqualTo(5);
    }
  }

  @Test
  void everyAlgorithmAnswersWithTheSameHeaders() {
    for (String tier : new String[]{"FREE", "BASIC", "PREMIUM"}) {
      String token = issuer.token().subject(tier + "-headers-" + System.nanoTime()).tier(tier).sign();
      long now = Instant.now().getEpochSecond();

      var first = http.get().uri("/api/products").headers(h -> h.setBearerAuth(token)).exchange()
          .expectStatus().isOk().returnResult(String.class).getResponseHeaders();
      assertThat(first.getFirst("X-RateLimit-Limit")).as(tier).isEqualTo("5");
      assertThat(first.getFirst("X-RateLimit-Remaining")).as(tier).isEqualTo("4");
      // the whole budget is back within one window (5,000 s) at the latest
      assertThat(Long.parseLong(first.getFirst("X-RateLimit-Reset"))).as(tier).isBetween(now, now + 5_002);

      for (int i = 0; i < 4; i++) {
        http.get().uri("/api/products").headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk();
      }
      var limited = assertProblem(http.get().uri("/api/products").headers(h -> h.setBearerAuth(token)).exchange(),
          429).getResponseHeaders();
      assertThat(limited.getFirst("X-RateLimit-Limit")).as(tier).isEqualTo("5");
      assertThat(limited.getFirst("X-RateLimit-Remaining")).as(tier).isEqualTo("0");
      assertThat(Long.parseLong(limited.getFirst(HttpHeaders.RETRY_AFTER))).as(tier).isBetween(1L, 5_001L);
    }
  }

  @Test
  void theFixedWindowAdmitsTwiceItsLimitAcrossAWindowBoundary() {
    // given: an admin (fixed window, 10 per 4 s) whose first requests come in the second half of a window
    String token = issuer.token().subject("admin-edge-" + System.nanoTime()).roles("CUSTOMER", "ADMIN").sign();
    long window = awaitSecondHalfOfAWindow();

    // when: 10 requests before the boundary, 10 right after it
    List<Long> admitted = new ArrayList<>();
    int beforeBoundary = send(10, token, null, admitted);
    awaitWindowAfter(window);
    int afterBoundary = send(10, token, null, admitted);

    // then: all 20 pass, within less than one window's span: twice the limit
    assertThat(beforeBoundary).isEqualTo(10);
    assertThat(afterBoundary).isEqualTo(10);
    assertThat(admitted.getLast() - admitted.getFirst()).isLessThan(WINDOW_MILLIS);
  }

  @Test
  void theSlidingWindowNeverAdmitsMoreThanItsLimitWithinOneWindowsSpan() {
    // given: an anonymous caller (sliding window, 10 per 4 s) sending as the fixed-window test does
    String address = "203.0.113." + (System.nanoTime() % 200 + 10);
    long window = awaitSecondHalfOfAWindow();

    // when: 10 requests before the boundary, 10 right after it
    List<Long> admitted = new ArrayList<>();
    int beforeBoundary = send(10, null, address, admitted);
    awaitWindowAfter(window);
    int afterBoundary = send(10, null, address, admitted);

    // then: the boundary is nothing to it: the 10 after it are refused
    assertThat(beforeBoundary).isEqualTo(10);
    assertThat(afterBoundary).isZero();
    // and one more passes once the first admitted request is a window old
    await().atMost(Duration.ofMillis(WINDOW_MILLIS + 2_000)).pollInterval(Duration.ofMillis(100))
        .until(() -> send(1, null, address, admitted) == 1);
    assertThat(admitted.getLast() - admitted.getFirst()).isGreaterThanOrEqualTo(WINDOW_MILLIS - 50);
  }

  private int send(int requests, @Nullable String token, @Nullable String address, List<Long> admitted) {
    int passed = 0;
    for (int i = 0; i < requests; i++) {
      WebTestClient.RequestHeadersSpec<?> request = http.get().uri("/api/products");
      if (token != null) {
        request = request.headers(h -> h.setBearerAuth(token));
      }
      if (address != null) {
        request = request.header("X-Forwarded-For", address);
      }
      if (request.exchange().returnResult(String.class).getStatus().value() == 200) {
        admitted.add(redisMillis());
        passed++;
      }
    }
    return passed;
  }

  /** Waits until Redis's clock is 2.0 to 2.6 s into a 4-second window, and answers that window's number. */
  private long awaitSecondHalfOfAWindow() {
    await().atMost(Duration.ofMillis(WINDOW_MILLIS * 2)).pollInterval(Duration.ofMillis(10))
        .until(() -> {
          long into = redisMillis() % WINDOW_MILLIS;
          return into >= WINDOW_MILLIS / 2 && into < WINDOW_MILLIS / 2 + 600;
        });
    return redisMillis() / WINDOW_MILLIS;
  }

  private void awaitWindowAfter(long window) {
    assertThat(redisMillis() / WINDOW_MILLIS).as("the first requests all fell in one window").isEqualTo(window);
    await().atMost(Duration.ofMillis(WINDOW_MILLIS)).pollInterval(Duration.ofMillis(10))
        .until(() -> redisMillis() / WINDOW_MILLIS == window + 1);
  }

  // the scripts' clock
  private long redisMillis() {
    Long millis = redis.execute(connection -> connection.serverCommands().time()).blockFirst();
    assertThat(millis).isNotNull();
    return millis;
  }
}
