package io.shopscale.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.shopscale.systemtests.Gateway.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the gateway adds on the way in and out: rate limits, the correlation id and the public address. */
@SystemTest
class GatewayEdgeIT {

  /** docs/api.md local defaults for the FREE tier. */
  private static final int FREE_BURST = 40;
  private static final int FREE_RATE = 20;

  private static Gateway gateway;

  @BeforeAll
  static void connect(RunningSystem system) {
    gateway = new Gateway(system.gateway());
  }

  @Test
  void customerOverTheRateLimitGets429WithRetryAfterAndRateLimitHeadersThenIsServedAgain() {
    Customer greedy = Customer.register(gateway, "greedy");
    Customer bystander = Customer.register(gateway, "bystander");

    // 3x the burst at once: only the burst plus what refills meanwhile can pass
    long before = Instant.now().getEpochSecond();
    List<Response> responses = OrderLoad.inParallel(24, 3 * FREE_BURST, i -> gateway.get("/api/orders?limit=1",
        greedy.token));
    long after = Instant.now().getEpochSecond();

    List<Response> limited = responses.stream().filter(response -> response.status() == 429).toList();
    assertThat(limited).as("429 answers").isNotEmpty();
    assertThat(responses).allSatisfy(response -> assertThat(response.status()).isIn(200, 429));
    for (Response response : responses) {
      assertThat(response.header("X-RateLimit-Limit")).as("X-RateLimit-Limit").isEqualTo(String.valueOf(FREE_BURST));
      assertThat(Integer.parseInt(response.header("X-RateLimit-Remaining"))).as("X-RateLimit-Remaining")
          .isBetween(0, FREE_BURST);
      // the bucket is full again at most burst/rate seconds after the last request
      assertThat(Long.parseLong(response.header("X-RateLimit-Reset"))).as("X-RateLimit-Reset")
          .isBetween(before, after + FREE_BURST / FREE_RATE + 1);
    }
    Response first = limited.get(0);
    first.expectProblem(429);
    assertThat(first.header("X-RateLimit-Remaining")).isEqualTo("0");
    long retryAfter = Long.parseLong(first.header("Retry-After"));
    assertThat(retryAfter).as("Retry-After seconds").isBetween(1L, 60L);

    // another customer has a bucket of their own
    gateway.get("/api/orders?limit=1", bystander.token).expect(200);
    // and the greedy one is served again once Retry-After has passed
    await("served again after Retry-After").atMost(Duration.ofSeconds(retryAfter + 2))
        .pollDelay(Duration.ofSeconds(retryAfter)).pollInterval(Duration.ofMillis(200))
        .until(() -> gateway.get("/api/orders?limit=1", greedy.token).status() == 200);
  }

  @Test
  void correlationIdSentByTheClientComesBackOnTheResponseAndInItsProblem() {
    Customer customer = Customer.register(gateway, "traced");
    String mine = "systest-" + UUID.randomUUID().toString().substring(0, 8);

    Response page = gateway.send(gateway.request("/api/products?limit=1", null).header("X-Correlation-ID", mine)
        .GET()).expect(200);
    Response missing = gateway.send(gateway.request("/api/orders/" + UUID.randomUUID(), customer.token)
        .header("X-Correlation-ID", mine).GET());
    Response malformed = gateway.send(gateway.request("/api/products?limit=1", null)
        .header("X-Correlation-ID", "not a valid id!").GET()).expect(200);

    assertThat(page.header("X-Correlation-ID")).isEqualTo(mine);
    assertThat(missing.expectProblem(404).get("correlationId").asString()).isEqualTo(mine);
    // a malformed one is replaced by a new UUID
    assertThat(malformed.header("X-Correlation-ID")).isNotEqualTo("not a valid id!")
        .satisfies(generated -> assertThat(UUID.fromString(generated)).isNotNull());
    assertThat(gateway.get("/api/products?limit=1", null).header("X-Correlation-ID"))
        .as("one is generated when none is sent").isNotBlank();
  }

  @Test
  void everyServicesOpenApiDocumentNamesTheGatewayAsItsServerSoTryItOutGoesThroughIt(RunningSystem system) {
    for (String service : List.of("user-service", "inventory-service", "order-service", "payment-service")) {
      var document = gateway.get("/" + service + "/v3/api-docs", null).expect(200).json();
      assertThat(document.get("servers").get(0).get("url").asString()).as(service)
          .isEqualTo(system.gateway().toString());
    }
  }
}
