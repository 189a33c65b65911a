package io.shopscale.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.shopscale.systemtests.Customer.Line;
import io.shopscale.systemtests.Gateway.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A service process that dies, through the developer's own chaos command ({@code ./shopscale chaos service <name>
 * kill|start}) against the real JVMs the launcher runs: the gateway answers for the dead service at once with a 503
 * problem and {@code Retry-After} (never a hang), nothing is stored for a refused order, the other services keep
 * serving, and once the service is started again the same journey succeeds.
 */
@SystemTest
@Isolated("kills inventory-service, which every catalog read and order placement needs")
class ServiceCrashIT {

  /** docs/api.md: a service that is down answers a 503 problem within the route's time limit. */
  private static final Duration ANSWERS_WITHIN = Duration.ofSeconds(10);
  /** A service JVM starting alone again (no AOT cache in system tests) on a busy two-core machine. */
  private static final Duration BACK_WITHIN = Duration.ofMinutes(2);

  @Test
  void aKilledInventoryServiceIsAnsweredWith503WhileOthersServeAndOrdersWorkAgainOnceItIsStarted(
      RunningSystem system) {
    Gateway gateway = new Gateway(system.gateway());
    UUID product = Admin.login(gateway).createProductId("Crash Lamp " + UUID.randomUUID(), "12.00", 10);
    Customer customer = Customer.register(gateway, "crash");

    // when inventory-service's JVM is killed
    assertThat(system.chaos("service", "inventory-service", "kill")).contains("inventory-service was killed");
    assertThat(system.chaos("status")).contains("inventory-service").contains("killed");

    try {
      // then its routes answer a 503 problem with Retry-After at once, and a refused order stores nothing
      long started = System.nanoTime();
      Response read = gateway.get("/api/products/" + product, null);
      Response placed = customer.tryToPlace(UUID.randomUUID().toString(), "tok_visa", List.of(new Line(product, 1)));
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(ANSWERS_WITHIN.multipliedBy(2));
      read.expectProblem(503);
      placed.expectProblem(503);
      assertThat(read.header("Retry-After")).isNotBlank();
      assertThat(placed.header("Retry-After")).isNotBlank();
      assertThat(customer.orders()).as("orders stored while inventory-service was down").isEmpty();

      // and the services that are still up keep serving
      gateway.get("/api/users/me", customer.token).expect(200);
    }
    finally {
      system.chaos("service", "inventory-service", "start");
    }

    // when it is started again, the catalog answers and an order goes through the whole saga
    await("inventory-service back behind the gateway").atMost(BACK_WITHIN).pollInterval(Duration.ofSeconds(1))
        .until(() -> gateway.get("/api/products/" + product, null).status() == 200);
    assertThat(system.chaos("status")).doesNotContain("killed");
    UUID order = UUID.fromString(customer.place("tok_visa", new Line(product, 2)).get("id").asString());
    assertThat(customer.awaitSettled(order).get("status").asString()).isEqualTo("CONFIRMED");
  }
}
