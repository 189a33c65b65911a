package io.shopscale.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.gateway.GatewayServiceApplication;
import io.shopscale.gateway.StubService;
import io.shopscale.testsupport.TestJwtIssuer;
import io.shopscale.testsupport.TestRedis;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Two gateway instances on one Redis enforce one budget: a burst spread over both is allowed about once. */
class SharedBudgetIT {

  private static final int BURST = 200;
  private static final double RATE = 1.0;
  private static final int REQUESTS = 600;

  @Test
  void twoInstancesSharingRedisAllowOneBudgetBetweenThem() throws Exception {
    String prefix = "test-shared-" + UUID.randomUUID();
    try (StubService service = StubService.start();
        ConfigurableApplicationContext first = start(prefix, service);
        ConfigurableApplicationContext second = start(prefix, service)) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      List<URI> instances = List.of(productsOn(first), productsOn(second));
      // 16 callers at a time, alternating instances: a burst that two cores can serve without starving Redis calls
      var pool = java.util.concurrent.Executors.newFixedThreadPool(16);
      List<java.util.concurrent.Future<Integer>> responses = new ArrayList<>();
      long started = System.nanoTime();
      try {
        for (int i = 0; i < REQUESTS; i++) {
          HttpRequest request = HttpRequest.newBuilder(instances.get(i % 2)).timeout(Duration.ofSeconds(30)).GET()
              .build();
          responses.add(pool.submit(() -> http.send(request, BodyHandlers.discarding()).statusCode()));
        }
      }
      finally {
        pool.shutdown();
      }
      long allowed = 0;
      long limited = 0;
      for (var response : responses) {
        int status = response.get(60, java.util.concurrent.TimeUnit.SECONDS);
        allowed += status == 200 ? 1 : 0;
        limited += status == 429 ? 1 : 0;
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      // the budget of the burst: the bucket plus what refilled while it lasted
      double budget = BURST + RATE * seconds;
      assertThat(failOpen(first) + failOpen(second)).as("requests let through unchecked").isZero();
      assertThat(allowed + limited).isEqualTo(REQUESTS);
      assertThat((double) allowed).isCloseTo(budget, org.assertj.core.data.Percentage.withPercentage(5));
      assertThat(service.hits()).isEqualTo((int) allowed);
    }
  }

  // Command-line arguments, not builder properties: those are defaults that application.yml would override.
  private static ConfigurableApplicationContext start(String prefix, StubService service) {
    List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
        "--spring.data.redis.url=" + TestRedis.url(),
        "--shopscale.security.jwt.jwks-uri=" + TestJwtIssuer.get().jwksUri(),
        "--shopscale.ratelimit.key-prefix=" + prefix,
        // 600 requests at once on two shared cores: a slow answer must not count as Redis being away (fail open)
        "--shopscale.ratelimit.redis-timeout=5s",
        "--shopscale.ratelimit.tiers.anonymous.rate=" + RATE, "--shopscale.ratelimit.tiers.anonymous.burst=" + BURST,
        "--spring.main.banner-mode=off", "--logging.level.root=WARN"));
    for (String name : new String[]{"user", "inventory", "order", "payment"}) {
      args.add("--shopscale.services." + name + "=" + service.url());
    }
    return new SpringApplicationBuilder(GatewayServiceApplication.class).run(args.toArray(String[]::new));
  }

  private static double failOpen(ConfigurableApplicationContext app) {
    return app.getBean(MeterRegistry.class).get("shopscale.ratelimit.failopen").counter().count();
  }

  private static URI productsOn(ConfigurableApplicationContext app) {
    return URI.create("http://127.0.0.1:" + app.getEnvironment().getRequiredProperty("local.server.port")
        + "/api/products");
  }
}
