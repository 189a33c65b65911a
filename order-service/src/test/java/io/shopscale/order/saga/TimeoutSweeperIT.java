package io.shopscale.order.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.events.OrderPlaced;
import io.shopscale.order.FakeInventory;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The sweeper queries only when an order can be due (issue #13's idle budget) and still cancels every order at its
 * timeout. Its schedule is switched off (1 h); the tests call it as the scheduler would, every 100 ms.
 */
@SpringBootTest(properties = {"shopscale.order.saga.sweep-every=1h", "shopscale.order.saga.timeout=3s"})
@ShopScaleInfrastructure
class TimeoutSweeperIT {

  @RegisterExtension
  static final FakeInventory inventory = new FakeInventory();

  @Autowired
  TimeoutSweeper sweeper;

  @Autowired
  JdbcClient jdbc;

  @Autowired
  MeterRegistry meters;

  @Test
  void anIdleSweeperQueriesOncePerTimeoutNotOnEveryTick() throws Exception {
    // given: nothing pending, and a sweep that has just looked
    long initial = sweeps();
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
      sweeper.sweep();
      return sweeps() > initial;
    });
    long before = sweeps();
    // when: the scheduler ticks for about a second, well within the 3 s timeout
    for (int tick = 0; tick < 10; tick++) {
      sweeper.sweep();
      Thread.sleep(100);
    }
    // then: no query
    assertThat(sweeps()).isEqualTo(before);
    // and the first tick after the timeout looks again
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
      sweeper.sweep();
      return sweeps() > before;
    });
  }

  @Test
  void anOrderPlacedAfterAnIdleSweepIsStillCancelledAtItsTimeout() {
    // given: an idle sweep, then an order announced right after it
    sweeper.sweep();
    long placed = System.nanoTime();
    UUID order = placeAnnouncedOrder();
    // when: the scheduler ticks
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
      sweeper.sweep();
      return "PAYMENT_TIMEOUT".equals(failureReason(order));
    });
    // then: cancelled after its 3 s timeout, within a tick or two of it
    assertThat(Duration.ofNanos(System.nanoTime() - placed)).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(5));
  }

  private UUID placeAnnouncedOrder() {
    UUID id = UUID.randomUUID();
    jdbc.sql("""
        INSERT INTO orders (id, user_id, status, payment_token, total_amount, currency, created_at, updated_at, version)
        VALUES (?, gen_random_uuid(), 'PENDING', 'tok_visa', 10, 'USD', now(), now(), 0)
        """).param(id).update();
    jdbc.sql("""
        INSERT INTO outbox_events (id, aggregate_id, topic, type, envelope, created_at, published_at)
        VALUES (gen_random_uuid(), ?, 'orders.events', ?, '{}', now(), now())
        """).param(id.toString()).param(OrderPlaced.TYPE).update();
    return id;
  }

  private String failureReason(UUID order) {
    return jdbc.sql("SELECT failure_reason FROM orders WHERE id = ?").param(order).query(String.class).optional()
        .orElse(null);
  }

  private long sweeps() {
    return meters.get("shopscale.order.saga.sweeps").timer().count();
  }
}
