package io.shopscale.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.shopscale.systemtests.OrderLoad.Placed;
import io.shopscale.systemtests.OrderLoad.Result;
import io.shopscale.systemtests.OrderLoad.Spec;
import io.shopscale.systemtests.SagaAudit.Outcomes;
import org.junit.jupiter.api.Test;

/**
 * The order saga under steady load, through the gateway, with every service running as its own JVM: orders/s, the
 * time from the 202 to CONFIRMED (p50/p99), the outbox publish lag of each service (p50/p99), and where an order's
 * time goes hop by hop. Timings come from the services' own rows (an order's {@code created_at} is set just before
 * its 202, {@code updated_at} when it is confirmed; outbox rows record when each event was appended and published), so
 * the client's polling does not blur them.
 *
 * <p>{@code ./mvnw -B -pl system-tests -Pbench verify} (after {@code ./mvnw -B install -DskipTests}); sizes:
 * {@code -Dbench.orders} (3000), {@code -Dbench.seconds} (10: the placements are spread evenly over that time, so the
 * offered rate is orders/seconds), {@code -Dbench.threads} (32 client threads).
 */
@SystemTest
class SagaBenchmark {

  @Test
  void ordersFlowThroughTheWholeSaga(RunningSystem system) {
    int orders = Integer.getInteger("bench.orders", 3000);
    int seconds = Integer.getInteger("bench.seconds", 10);
    int threads = Integer.getInteger("bench.threads", 32);
    Gateway gateway = new Gateway(system.gateway());
    Admin admin = Admin.login(gateway);
    List<UUID> products = admin.createProductIds("Bench Lamp", 20, "5.00", 1_000_000);
    List<Customer> customers = OrderLoad.customersFor(gateway, "bench", orders);
    List<Spec> specs = OrderLoad.randomOrders(20_261_123L, orders, customers, products, 0.0);
    warmUp(customers, products);

    // when
    Result placed = OrderLoad.place(specs, threads, Duration.ofSeconds(seconds));
    assertThat(placed.failures()).as("placements that were not accepted").isEmpty();
    Outcomes outcomes = new SagaAudit(system).awaitAllSettled(placed.placed(), Duration.ofMinutes(3));

    // then: the figures, from the services' rows
    Databases databases = new Databases(system);
    String[] ids = placed.placed().stream().map(order -> order.orderId().toString()).toArray(String[]::new);
    Map<String, Instant[]> orderTimes = new HashMap<>();
    databases.query("orders", "select id::text, created_at, updated_at from orders where id::text = any(?)",
        row -> orderTimes.put(row.getString(1), new Instant[]{instant(row.getObject(2, OffsetDateTime.class)),
            instant(row.getObject(3, OffsetDateTime.class))}),
        (Object) ids);
    List<Duration> toConfirmed = new ArrayList<>();
    placed.placed().stream().map(Placed::orderId).filter(outcomes::confirmed)
        .forEach(id -> toConfirmed.add(between(orderTimes.get(id.toString())[0], orderTimes.get(id.toString())[1])));
    Instant first = orderTimes.values().stream().map(times -> times[0]).min(Instant::compareTo).orElseThrow();
    Instant last = orderTimes.values().stream().map(times -> times[1]).max(Instant::compareTo).orElseThrow();
    double settledPerSecond = orders / (between(first, last).toNanos() / 1e9);

    Map<String, Map<String, Instant>> appended = new HashMap<>();
    StringBuilder lags = new StringBuilder();
    for (String database : List.of("orders", "inventory", "payments")) {
      List<Duration> lag = new ArrayList<>();
      databases.query(database, "select aggregate_id, type, created_at, published_at from outbox_events "
          + "where aggregate_id = any(?)", row -> {
            Instant created = instant(row.getObject(3, OffsetDateTime.class));
            appended.computeIfAbsent(row.getString(1), id -> new HashMap<>())
                .put(row.getString(2).replaceAll(".*\\.(\\w+)\\.v\\d+$", "$1"), created);
            OffsetDateTime published = row.getObject(4, OffsetDateTime.class);
            if (published != null) {
              lag.add(between(created, instant(published)));
            }
            return null;
          }, (Object) ids);
      lags.append(String.format("%s p50 %d ms p99 %d ms (%d events); ", database, percentile(lag, 50).toMillis(),
          percentile(lag, 99).toMillis(), lag.size()));
    }

    // where the time goes: placed → stock reserved → payment authorized → confirmed, per confirmed order
    List<Duration> toReserved = new ArrayList<>();
    List<Duration> toAuthorized = new ArrayList<>();
    List<Duration> toConfirmedAfterPayment = new ArrayList<>();
    placed.placed().stream().map(Placed::orderId).filter(outcomes::confirmed).forEach(id -> {
      Map<String, Instant> events = appended.getOrDefault(id.toString(), Map.of());
      Instant[] times = orderTimes.get(id.toString());
      if (events.containsKey("StockReserved") && events.containsKey("PaymentAuthorized")) {
        toReserved.add(between(times[0], events.get("StockReserved")));
        toAuthorized.add(between(events.get("StockReserved"), events.get("PaymentAuthorized")));
        toConfirmedAfterPayment.add(between(events.get("PaymentAuthorized"), times[1]));
      }
    });

    String report = String.format("Saga benchmark: %d orders offered at %.0f/s (%d client threads, %d customers); "
        + "placement took %.1f s (%.0f accepted/s); settled throughput %.0f orders/s (first placement to last "
        + "confirmation); outcomes %s; 202 → CONFIRMED p50 %d ms p99 %d ms max %d ms; outbox publish lag: %s"
        + "hops (p50/p99 ms): placed → StockReserved %d/%d, → PaymentAuthorized %d/%d, → CONFIRMED %d/%d",
        orders, orders / (double) seconds, threads, customers.size(), placed.took().toNanos() / 1e9,
        orders / (placed.took().toNanos() / 1e9), settledPerSecond, outcomes.counts(),
        percentile(toConfirmed, 50).toMillis(), percentile(toConfirmed, 99).toMillis(),
        percentile(toConfirmed, 100).toMillis(), lags,
        percentile(toReserved, 50).toMillis(), percentile(toReserved, 99).toMillis(),
        percentile(toAuthorized, 50).toMillis(), percentile(toAuthorized, 99).toMillis(),
        percentile(toConfirmedAfterPayment, 50).toMillis(), percentile(toConfirmedAfterPayment, 99).toMillis());
    Figures.report("%s", report);
    System.out.println(report);
    assertThat(toConfirmed).as("confirmed orders").isNotEmpty();
  }

  /** A few orders first, so the first measured ones do not pay for class loading and connection set-up. */
  private static void warmUp(List<Customer> customers, List<UUID> products) {
    Customer customer = customers.get(0);
    List<UUID> warm = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      warm.add(UUID.fromString(customer.place(OrderLoad.APPROVED,
          new Customer.Line(products.get(i % products.size()), 1)).get("id").asString()));
    }
    warm.forEach(customer::awaitSettled);
  }

  private static Instant instant(OffsetDateTime time) {
    return time.toInstant();
  }

  private static Duration between(Instant from, Instant to) {
    return Duration.between(from, to);
  }

  private static Duration percentile(List<Duration> values, int percentile) {
    if (values.isEmpty()) {
      return Duration.ZERO;
    }
    List<Duration> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
