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
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Kafka goes away for a while under steady order traffic and comes back. Placement must not need the broker (the
 * outbox holds the events), and once it is back every order must settle with nothing lost and nothing done twice.
 *
 * <p>Sizes: {@code -Dsystemtests.outage.orders} (100 in verify, 1,000 with {@code -Pchaos}) and
 * {@code -Dsystemtests.outage.seconds} (15, 60 with {@code -Pchaos}).
 */
@SystemTest
@Isolated("stops the broker every service uses")
class BrokerOutageIT {

  private static final int PRODUCTS = 5;
  private static final double DECLINED_SHARE = 0.2;

  @Test
  void ordersPlacedWhileTheBrokerIsDownAllSettleOnceItIsBackWithNothingLostOrDoneTwice(RunningSystem system) {
    int orders = Integer.getInteger("systemtests.outage.orders", 100);
    Duration outage = Duration.ofSeconds(Integer.getInteger("systemtests.outage.seconds", 15));
    Gateway gateway = new Gateway(system.gateway());
    Admin admin = Admin.login(gateway);
    List<UUID> products = admin.createProductIds("Outage Lamp", PRODUCTS, "10.00", 0);
    List<Customer> customers = OrderLoad.customersFor(gateway, "outage", orders);
    List<Spec> specs = OrderLoad.randomOrders(20_240_601L, orders, customers, products, DECLINED_SHARE);
    // stock for 80 % of what the approved orders ask for: some must run out of stock
    Map<UUID, Integer> initialStock = OrderLoad.stockShareOfDemand(admin, products, specs, 0.8);

    // given the broker is down
    system.stopKafka();
    long down = System.nanoTime();
    Result placed;
    try {
      // when orders keep coming for the whole outage
      placed = OrderLoad.place(specs, 8, outage);
    }
    finally {
      system.startKafka();
    }
    double outageSeconds = Figures.seconds(down);
    long back = System.nanoTime();

    // then every one was accepted while the broker was down, and all settle after it is back
    assertThat(placed.failures()).as("placements that were not accepted").isEmpty();
    assertThat(placed.placed()).hasSize(orders);
    SagaAudit audit = new SagaAudit(system);
    Outcomes outcomes = audit.awaitAllSettled(placed.placed(), Duration.ofSeconds(90).plusMillis(orders * 60L));
    double settleSeconds = Figures.seconds(back);
    audit.assertExactAccounting(placed.placed(), outcomes, initialStock);
    Figures.report("Broker outage: %d orders placed in %.1f s while Kafka was down for %.1f s (0 refused); all "
        + "settled %.1f s after it came back; outcomes %s; books balanced %.1f s after it came back", orders,
        placed.took().toNanos() / 1e9, outageSeconds, settleSeconds, outcomes.counts(), Figures.seconds(back));
  }
}
