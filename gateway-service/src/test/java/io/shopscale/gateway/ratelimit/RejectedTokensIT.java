package io.shopscale.gateway.ratelimit;

import static io.shopscale.gateway.GatewayTestSupport.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.gateway.AgainstStubService;
import io.shopscale.testsupport.CountingJwks;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import io.shopscale.testsupport.TestJwtIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Forged tokens cost their client address, and cannot make the gateway fetch the JWKS at their pace (issue #16,
 * item 2). The gateway's JWKS is a real HTTP endpoint that counts its requests. Anonymous bucket: 5, refill 1 per
 * 100 s.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "shopscale.ratelimit.key-prefix=test-rejected-${random.uuid}",
    "shopscale.gateway.edge.trusted-proxies=127.0.0.1",
    "shopscale.ratelimit.tiers.anonymous.rate=0.01", "shopscale.ratelimit.tiers.anonymous.burst=5"})
@ShopScaleInfrastructure(Server.REDIS)
@ContextConfiguration(initializers = RejectedTokensIT.CountedJwks.class)
class RejectedTokensIT extends AgainstStubService {

  static final CountingJwks jwks = CountingJwks.ofTestIssuer();

  /** Added first at context initialisation, after the infrastructure's customizer: this JWKS wins over the issuer's. */
  static class CountedJwks implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
      context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("countedJwks",
          Map.of("shopscale.security.jwt.jwks-uri", jwks.uri().toString())));
    }
  }

  @AfterAll
  static void stop() {
    jwks.close();
  }

  @Autowired
  MeterRegistry meters;

  private final TestJwtIssuer issuer = TestJwtIssuer.get();

  @Test
  void forgedTokensFromOneAddressGet429sOnceTheAddressBudgetIsSpent() {
    // given
    String forged = issuer.token().signedByStranger().sign();
    // when: 20 requests with a forged token from one address
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      statuses.add(status("203.0.113.80", forged));
    }
    // then: the 5 of the bucket and the one that found it empty are 401, every later one a 429 before decoding
    assertThat(statuses.subList(0, 6)).containsOnly(401);
    assertThat(statuses.subList(6, 20)).containsOnly(429);
    assertProblem(request("203.0.113.80", forged).exchange(), 429);
    assertThat(status("203.0.113.81", forged)).as("another address").isEqualTo(401);
    assertThat(status("203.0.113.82", issuer.customer("someone"))).as("a valid token").isEqualTo(200);
    assertThat(meters.get("shopscale.gateway.tokens.rejected").counter().count()).isGreaterThanOrEqualTo(7);
  }

  @Test
  void aBurstOfAThousandTokensWithUnknownKidsFetchesTheJwksAHandfulOfTimes() throws Exception {
    // given: 1,000 tokens, each under a kid the JWKS never had, each from its own address (no per-address limit)
    List<String> forged = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      forged.add(issuer.token().signedByStranger("forged-" + i).sign());
    }
    int before = jwks.fetches();
    ExecutorService senders = Executors.newFixedThreadPool(8);
    try {
      // when: they arrive at once
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < forged.size(); i++) {
        String address = "198.18." + (i / 250) + "." + (i % 250 + 1);
        String token = forged.get(i);
        answers.add(senders.submit(() -> status(address, token)));
      }
      for (Future<Integer> answer : answers) {
        assertThat(answer.get(60, TimeUnit.SECONDS)).isEqualTo(401);
      }
    }
    finally {
      senders.shutdownNow();
    }
    // then: at most a handful of fetches, and valid tokens still pass
    int fetches = jwks.fetches() - before;
    System.out.println("JWKS fetches for 1,000 tokens with unknown kids: " + fetches);
    assertThat(fetches).isLessThanOrEqualTo(3);
    assertThat(status("198.18.9.1", issuer.customer("after-the-burst"))).isEqualTo(200);
  }

  private int status(String address, String token) {
    return request(address, token).exchange().returnResult(String.class).getStatus().value();
  }

  private WebTestClient.RequestHeadersSpec<?> request(String address, String token) {
    return http.get().uri("/api/orders").header("X-Forwarded-For", address)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
  }
}
