package io.shopscale.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.shopscale.systemtests.OrderLoad.Attempt;
import io.shopscale.systemtests.OrderLoad.Placed;
import io.shopscale.systemtests.OrderLoad.Spec;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The order saga under load through the gateway, every service its own JVM, everything on this machine: finds the
 * saturation rate by stepping the offered rate, then offers a multiple of it to show what overload does, and checks
 * the books over every order at the end.
 *
 * <p>Each step offers its rate for {@code bench.seconds} in an open loop (every placement on its own schedule, see
 * {@link OrderLoad#offer}), waits until its orders settle, and prints one line: what was accepted, shed (503) and
 * lost, goodput (confirmed orders per second), the time from the 202 to CONFIRMED (from the services' own rows: an
 * order's {@code created_at} is set just before its 202, {@code updated_at} when it is confirmed), the outbox publish
 * lag per service, and CPU per confirmed order per component, read from {@code /proc} ({@link ProcessCpu}). A step
 * holds when every order was accepted and confirmed with a p99 under {@code bench.p99-ms}; stepping stops at the
 * first that does not. The overload step offers {@code bench.overload} × the last rate that held.
 *
 * <p>{@code ./mvnw -B -pl system-tests -am -Pbench verify -Dit.test=SagaBenchmark ...} (CONTRIBUTING.md);
 * {@code -Dbench.rates=20,40,60} (orders/s), {@code -Dbench.seconds=30}, {@code -Dbench.overload=3} (0: none).
 */
@SystemTest
class SagaBenchmark {

  private static final int STOCK = 1_000_000;

  @Test
  void stepsTheOfferedRateToSaturationThenOverloadsAndTheBooksBalance(RunningSystem system) {
    List<Integer> rates = Arrays.stream(System.getProperty("bench.rates", "20,40,60,80,100,120").split(","))
        .map(String::strip).map(Integer::parseInt).toList();
    Duration length = Duration.ofSeconds(Integer.getInteger("bench.seconds", 30));
    double overload = Double.parseDouble(System.getProperty("bench.overload", "3"));
    long p99Bound = Long.getLong("bench.p99-ms", 1000);
    Figures.report("Saga benchmark run: rates %s/s, %d s each, overload ×%.1f; services' extra JVM options %s, "
        + "admission control %s", rates, length.toSeconds(), overload, System.getenv("SHOPSCALE_JAVA_OPTS"),
        System.getenv().getOrDefault("SHOPSCALE_ORDER_ADMISSION_ENABLED", "on (default)"));
    Gateway gateway = new Gateway(system.gateway());
    Admin admin = Admin.login(gateway);
    List<UUID> products = admin.createProductIds("Bench Lamp", 20, "5.00", STOCK);
    // a FREE customer may place 20 requests/s: at most a few orders/s each, even at the overload rate
    int highest = (int) Math.ceil(rates.get(rates.size() - 1) * Math.max(1, overload));
    List<Customer> customers = OrderLoad.customers(gateway, "bench", Math.max(10, highest / 4));
    Steps steps = new Steps(system, customers, products);
    // a fresh stack is slow at first (classes loading, C1 compiling): a low rate for a while before measuring
    steps.run(5, "warm-up", Duration.ofSeconds(20));

    // when: stepping up until a rate does not hold
    Step held = null;
    for (int rate : rates) {
      Step step = steps.run(rate, "step", length);
      if (!step.holds(p99Bound)) {
        break;
      }
      held = step;
    }
    // and: overload at a multiple of the last rate that held
    if (held != null && overload > 0) {
      Step over = steps.run((int) Math.round(held.rate() * overload), "overload", length);
      Figures.report("Saga benchmark overload: %.1f× the saturation rate (%d/s) → goodput %.1f/s = %.2f× the "
          + "saturation goodput, %.0f %% shed with 503, p99 202 → CONFIRMED of the accepted %d ms",
          overload, held.rate(), over.goodput(), over.goodput() / held.goodput(), 100.0 * over.shed() / over.offered(),
          over.p99().toMillis());
    }
    Figures.report("Saga benchmark: saturation (highest rate that held, p99 ≤ %d ms): %s", p99Bound,
        held == null ? "none of the rates held" : held.rate() + " orders/s");

    // then: the books balance over every accepted order of every step
    SagaAudit audit = new SagaAudit(system);
    Map<UUID, Integer> initialStock = new LinkedHashMap<>();
    products.forEach(product -> initialStock.put(product, STOCK));
    List<Placed> placed = steps.placed();
    audit.assertExactAccounting(placed, audit.awaitAllSettled(placed, Duration.ofMinutes(3)), initialStock);
    assertThat(placed).as("accepted orders").isNotEmpty();
  }

  /** One step's figures. */
  record Step(int rate, int offered, int accepted, int shed, int confirmed, Duration length,
      Duration p99) {

    double goodput() {
      return confirmed / (length.toNanos() / 1e9);
    }

    boolean holds(long p99Millis) {
      return accepted == offered && confirmed == accepted && p99.toMillis() <= p99Millis;
    }
  }

  /** Runs steps against one system, keeping every accepted order for the books. */
  private static final class Steps {

    private final Databases databases;
    private final ProcessCpu cpu;
    private final List<Customer> customers;
    private final List<UUID> products;
    private final List<Placed> placed = new ArrayList<>();

    Steps(RunningSystem system, List<Customer> customers, List<UUID> products) {
      this.databases = new Databases(system);
      this.cpu = new ProcessCpu(system);
      this.customers = customers;
      this.products = products;
    }

    List<Placed> placed() {
      return placed;
    }

    Step run(int rate, String label, Duration length) {
      int offered = (int) (rate * length.toSeconds());
      List<Spec> specs = OrderLoad.randomOrders(20_261_207L + rate, offered, customers, products, 0.0);
      ProcessCpu.Snapshot cpuBefore = cpu.snapshot();
      List<Attempt> attempts = OrderLoad.offer(specs, length);
      List<Attempt> accepted = attempts.stream().filter(Attempt::accepted).toList();
      String[] ids = accepted.stream().map(attempt -> String.valueOf(attempt.orderId())).toArray(String[]::new);
      OrderLoad.Settled settled = OrderLoad.awaitSettled(databases, accepted);
      Map<String, Duration> spent = ProcessCpu.between(cpuBefore, cpu.snapshot());
      accepted.forEach(attempt -> placed.add(new Placed(java.util.Objects.requireNonNull(attempt.orderId()),
          attempt.spec())));
      List<Duration> toConfirmed = settled.toConfirmed();
      Map<Integer, Long> answers = new TreeMap<>();
      attempts.forEach(attempt -> answers.merge(attempt.status(), 1L, Long::sum));
      int shed = answers.getOrDefault(503, 0L).intValue();
      List<Duration> answerTimes = attempts.stream().map(Attempt::took).toList();
      Step step = new Step(rate, offered, accepted.size(), shed,
          toConfirmed.size(), length, Figures.percentile(toConfirmed, 99));
      long byAdmission = attempts.stream().filter(Attempt::refusedByAdmission).count();
      Figures.report("Saga benchmark %s %d/s × %d s: offered %d, answers %s (0 = none within the client's timeout; "
          + "503 from admission control %d, the rest of the 503s from the gateway's bulkhead or breaker), "
          + "goodput %.1f confirmed/s, outcomes %s; 202 → CONFIRMED p50 %d ms p99 %d ms max %d ms; POST answered "
          + "p50 %d ms p99 %d ms max %d ms; outbox publish lag p99 %s; CPU per confirmed order (ms): %s",
          label, rate, length.toSeconds(), offered, answers, byAdmission, step.goodput(), settled.outcomes(),
          Figures.percentile(toConfirmed, 50).toMillis(), step.p99().toMillis(),
          Figures.percentile(toConfirmed, 100).toMillis(),
          Figures.percentile(answerTimes, 50).toMillis(), Figures.percentile(answerTimes, 99).toMillis(),
          Figures.percentile(answerTimes, 100).toMillis(), publishLag(ids),
          ProcessCpu.perUnit(spent, toConfirmed.size()));
      placed.addAll(OrderLoad.settleUnknownOutcomes(attempts));
      return step;
    }

    private String publishLag(String[] ids) {
      StringBuilder lags = new StringBuilder();
      for (String database : List.of("orders", "inventory", "payments")) {
        List<Duration> lag = new ArrayList<>();
        databases.query(database, "select created_at, published_at from outbox_events where aggregate_id = any(?) "
            + "and published_at is not null",
            row -> lag.add(Duration.between(
                Databases.instant(row.getObject(1, OffsetDateTime.class)),
                Databases.instant(row.getObject(2, OffsetDateTime.class)))),
            (Object) ids);
        lags.append(String.format(Locale.ROOT, "%s%s %d ms", lags.isEmpty() ? "" : ", ", database,
            Figures.percentile(lag, 99).toMillis()));
      }
      return lags.toString();
    }
  }

}
