package io.shopscale.gateway.resilience;

import static io.shopscale.gateway.GatewayTestSupport.assertProblem;
import static io.shopscale.gateway.GatewayTestSupport.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.StateTransition;
import io.shopscale.gateway.GatewayTestSupport;
import io.shopscale.gateway.StubService;
import io.shopscale.gateway.StubService.Mode;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import io.shopscale.testsupport.TestJwtIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Services that are down, failing, hanging or saturated, one stub service per route so the breakers stay apart.
 * Small windows for the test: time limit 1 s, a breaker opens after 4 calls with half of them failed and lets a
 * trial call through after 2 s.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "shopscale.ratelimit.key-prefix=test-resilience-${random.uuid}",
    "shopscale.gateway.resilience.timeout=1s", "shopscale.gateway.resilience.sliding-window=4",
    "shopscale.gateway.resilience.minimum-calls=4", "shopscale.gateway.resilience.open-for=2s",
    "shopscale.gateway.resilience.half-open-calls=1", "shopscale.gateway.resilience.bulkheads.orders=2",
    "shopscale.ratelimit.tiers.anonymous.burst=1000", "shopscale.ratelimit.tiers.free.burst=1000"})
@ShopScaleInfrastructure(Server.REDIS)
@ExtendWith(OutputCaptureExtension.class)
class ResilienceIT {

  static final StubService users = StubService.start();
  static final StubService products = StubService.start();
  static final StubService orders = StubService.start();
  static final StubService payments = StubService.start();

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) {
    registry.add("shopscale.services.user", users::url);
    registry.add("shopscale.services.inventory", products::url);
    registry.add("shopscale.services.order", orders::url);
    registry.add("shopscale.services.payment", payments::url);
  }

  @AfterAll
  static void stopServices() {
    for (StubService stub : List.of(users, products, orders, payments)) {
      stub.close();
    }
  }

  @LocalServerPort
  int port;

  @Autowired
  ReactiveResilience4JCircuitBreakerFactory breakers;

  WebTestClient http;

  private final String token = "Bearer " + TestJwtIssuer.get().customer("resilience-user");

  @BeforeEach
  void connect() {
    http = GatewayTestSupport.client(port);
    breakers.getCircuitBreakerRegistry().getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    for (StubService stub : List.of(users, products, orders, payments)) {
      stub.reset();
    }
  }

  @Test
  void stoppedServiceGivesA503ProblemWithRetryAfterAtOnce() {
    payments.stop();
    try {
      long started = System.nanoTime();
      var result = assertProblem(http.get().uri("/api/payments?orderId=x").header(HttpHeaders.AUTHORIZATION, token)
          .exchange(), 503);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
      assertThat(result.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
      assertThat(member(result, "instance")).isEqualTo("/api/payments");
      assertThat(member(result, "detail")).doesNotContain("127.0.0.1", "Connection", "refused");
    }
    finally {
      payments.startAgain();
    }
  }

  @Test
  void hangingServiceGivesA503WithinTheRouteTimeLimit() {
    users.mode(Mode.HANG);
    long started = System.nanoTime();
    assertProblem(http.get().uri("/api/users/me").header(HttpHeaders.AUTHORIZATION, token).exchange(), 503);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofMillis(1800));
  }

  @Test
  void breakerOpensOnFailuresAnswersWithoutCallingAndHalfOpensToCloseAgain(CapturedOutput output) {
    http.get().uri("/api/products").exchange().expectStatus().isOk();
    CircuitBreaker breaker = breakers.getCircuitBreakerRegistry().find("products").orElseThrow();
    List<StateTransition> transitions = new CopyOnWriteArrayList<>();
    breaker.getEventPublisher().onStateTransition(event -> transitions.add(event.getStateTransition()));

    products.mode(Mode.FAIL_503);
    for (int i = 0; i < 4; i++) {
      assertProblem(http.get().uri("/api/products").exchange(), 503);
    }
    assertThat(breaker.getState()).isEqualTo(State.OPEN);

    // open: the service is not called at all
    int hitsWhenOpened = products.hits();
    assertProblem(http.get().uri("/api/products").exchange(), 503);
    assertThat(products.hits()).isEqualTo(hitsWhenOpened);

    // the service recovers; after open-for a trial call goes through and closes the breaker
    products.mode(Mode.OK);
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> http.get().uri("/api/products").exchange().expectStatus().isOk());
    assertThat(transitions).containsExactly(StateTransition.CLOSED_TO_OPEN, StateTransition.OPEN_TO_HALF_OPEN,
        StateTransition.HALF_OPEN_TO_CLOSED);
    // and each change is in the log, so that an open breaker's fast 503s can be told from the service's own
    assertThat(output).contains("Circuit breaker products CLOSED -> OPEN: failure rate 75.0 %",
        "Circuit breaker products OPEN -> HALF_OPEN", "Circuit breaker products HALF_OPEN -> CLOSED");
  }

  @Test
  void onlyGetAndHeadAreRetried() {
    orders.mode(Mode.FAIL_502);
    assertProblem(http.get().uri("/api/orders").header(HttpHeaders.AUTHORIZATION, token).exchange(), 503);
    assertThat(orders.hits("GET")).as("one call and two retries").isEqualTo(3);

    assertProblem(http.post().uri("/api/orders").header(HttpHeaders.AUTHORIZATION, token)
        .header("Idempotency-Key", "k-1").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange(), 503);
    assertThat(orders.hits("POST")).as("never repeated: it might place a second order").isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource({"orders, /api/orders", "users, /api/auth/login"})
  void aServicesOwn503ReachesTheCallerWithItsRetryAfterAndNeverOpensTheBreaker(String route, String path) {
    // given a service shedding load (order-service's admission control, user-service's password-hashing slots all
    // busy): every call answered 503 + Retry-After
    CircuitBreaker breaker = breakers.getCircuitBreakerRegistry().circuitBreaker(route);
    StubService service = route.equals("users") ? users : orders;
    service.mode(Mode.FAIL_503);
    // when more calls than the breaker's window are refused
    for (int i = 0; i < 8; i++) {
      http.post().uri(path).header(HttpHeaders.AUTHORIZATION, token).header("Idempotency-Key", "k-" + i)
          .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
          // then each refusal is the service's own, with its Retry-After
          .expectStatus().isEqualTo(503).expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "7")
          .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }
    // and the breaker stays closed: the service answered, and its other calls still reach it
    assertThat(breaker.getState()).isEqualTo(State.CLOSED);
    assertThat(service.hits("POST")).isEqualTo(8);
  }

  @Test
  void fullBulkheadAnswers503AtOnceInsteadOfQueueing() {
    orders.mode(Mode.HANG);
    // two calls hold the orders bulkhead (2) until the time limit frees them
    HttpClient async = HttpClient.newHttpClient();
    for (int i = 0; i < 2; i++) {
      async.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/orders"))
          .header(HttpHeaders.AUTHORIZATION, token).build(), BodyHandlers.discarding());
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> orders.hits() >= 2);
    long started = System.nanoTime();
    assertProblem(http.get().uri("/api/orders").header(HttpHeaders.AUTHORIZATION, token).exchange(), 503);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(700));
    assertThat(orders.hits()).isEqualTo(2);
    // and more refusals than the breaker's window do not open it: the gateway is at its limit, the service is not
    // failing, and an open breaker would refuse the calls the service still has room for
    for (int i = 0; i < 5; i++) {
      assertProblem(http.get().uri("/api/orders").header(HttpHeaders.AUTHORIZATION, token).exchange(), 503);
    }
    assertThat(breakers.getCircuitBreakerRegistry().circuitBreaker("orders").getState()).isEqualTo(State.CLOSED);
  }
}
