package io.shopscale.gateway.ratelimit;

import static io.shopscale.gateway.GatewayTestSupport.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.gateway.GatewayTestSupport;
import io.shopscale.gateway.StubService;
import io.shopscale.embedded.RedisProcess;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Redis is stopped for real: requests pass unlimited (fail open), counted and logged, until it is back. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "shopscale.ratelimit.tiers.anonymous.rate=0.01", "shopscale.ratelimit.tiers.anonymous.burst=2"})
@ShopScaleInfrastructure({})
@ExtendWith(OutputCaptureExtension.class)
class RateLimitRedisOutageIT {

  // our own Redis process: stopping the shared one would break every other test
  static final RedisProcess redisServer = RedisProcess.start();
  static final StubService service = StubService.start();

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    registry.add("spring.data.redis.url", redisServer::url);
    GatewayTestSupport.routeEverythingTo(registry, service);
  }

  @AfterAll
  static void stop() {
    redisServer.close();
    service.close();
  }

  @LocalServerPort
  int port;

  @Autowired
  MeterRegistry meters;

  @Test
  void requestsPassUnlimitedWhileRedisIsDownAndAreLimitedAgainOnceItIsBack(CapturedOutput output) {
    WebTestClient http = GatewayTestSupport.client(port);
    // given: the anonymous bucket (2) is empty
    http.get().uri("/api/products").exchange().expectStatus().isOk();
    http.get().uri("/api/products").exchange().expectStatus().isOk();
    assertProblem(http.get().uri("/api/products").exchange(), 429);

    // when: Redis stops
    redisServer.stop();
    double failOpenBefore = failOpen();

    // then: every request passes, quickly, without limit headers it could not know; counted and logged
    long started = System.nanoTime();
    for (int i = 0; i < 10; i++) {
      http.get().uri("/api/products").exchange().expectStatus().isOk()
          .expectHeader().doesNotExist("X-RateLimit-Remaining");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(failOpen() - failOpenBefore).isEqualTo(10);
    assertThat(output.getAll()).contains("Rate limiter fails open");

    // when: Redis is back with its data (the bucket is still empty)
    redisServer.startAgain();

    // then: limits apply again
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertProblem(http.get().uri("/api/products").exchange(), 429));
  }

  private double failOpen() {
    return meters.get("shopscale.ratelimit.failopen").counter().count();
  }
}
