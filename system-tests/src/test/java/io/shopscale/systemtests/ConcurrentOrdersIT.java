package io.shopscale.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.shopscale.systemtests.OrderLoad.Result;
import io.shopscale.systemtests.OrderLoad.Spec;
import io.shopscale.systemtests.SagaAudit.Outcomes;
import org.junit.jupiter.api.Test;

/**
 * Many customers ordering at once over a few products, a fifth of them with a card the provider declines, more asked
 * for than there is: stock must end exactly at initial minus what confirmed orders bought, and no order stays
 * PENDING.
 *
 * <p>Sizes: {@code -Dsystemtests.load.orders} (200 in verify, 1,000 with {@code -Pchaos}) and
 * {@code -Dsystemtests.load.products} (5, 20 with {@code -Pchaos}).
 */
@SystemTest
class ConcurrentOrdersIT {

  private static final double DECLINED_SHARE = 0.2;
  private static final int CLIENT_THREADS = 16;

  @Test
  void concurrentOrdersOverSeveralProductsKeepStockExactAndLeaveNoOrderPending(RunningSystem system) {
    int orders = Integer.getInteger("systemtests.load.orders", 200);
    int productCount = Integer.getInteger("systemtests.load.products", 5);
    Gateway gateway = new Gateway(system.gateway());
    Admin admin = Admin.login(gateway);
    List<UUID> products = admin.createProductIds("Rush Lamp", productCount, "7.50", 0);
    List<Customer> customers = OrderLoad.customersFor(gateway, "rush", orders);
    List<Spec> specs = OrderLoad.randomOrders(19_700_101L, orders, customers, products, DECLINED_SHARE);
    // stock for 60 % of what the approved orders ask for: some must run out of stock
    Map<UUID, Integer> initialStock = OrderLoad.stockShareOfDemand(admin, products, specs, 0.6);

    Result placed = OrderLoad.place(specs, CLIENT_THREADS, Duration.ZERO);
    long lastPlaced = System.nanoTime();

    assertThat(placed.failures()).as("placements that were not accepted").isEmpty();
    SagaAudit audit = new SagaAudit(system);
    // docs/api.md: an order settles within 30 s; give the last of a burst that much plus the time to read them all back
    Outcomes outcomes = audit.awaitAllSettled(placed.placed(), Duration.ofSeconds(45));
    double settleSeconds = Figures.seconds(lastPlaced);
    audit.assertExactAccounting(placed.placed(), outcomes, initialStock);
    Map<String, Long> counts = outcomes.counts();
    assertThat(counts).containsKeys("CONFIRMED", "CANCELLED/PAYMENT_DECLINED", "CANCELLED/OUT_OF_STOCK");
    Figures.report("Concurrency: %d orders over %d products (initial stock %s) from %d customers on %d client "
        + "threads placed in %.1f s (%.0f/s); all settled %.1f s after the last placement; outcomes %s", orders,
        productCount, initialStock.values(), customers.size(), CLIENT_THREADS, placed.took().toNanos() / 1e9,
        orders / (placed.took().toNanos() / 1e9), settleSeconds, counts);
  }
}
