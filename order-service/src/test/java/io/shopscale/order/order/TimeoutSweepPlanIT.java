package io.shopscale.order.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.shopscale.events.OrderConfirmed;
import io.shopscale.events.OrderPlaced;
import io.shopscale.order.FakeInventory;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.jpa.repository.Query;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The timeout sweeper's query, which runs every second while orders are due, against an outbox of 100 000 published rows (a day of
 * traffic, or a broker outage's backlog) and 50 overdue PENDING orders: the plan reaches each order's OrderPlaced
 * through the platform's aggregate index instead of reading the whole outbox. Real planner, no switches: the tables
 * are analyzed, so the plan is the one production would get.
 */
@SpringBootTest(properties = "shopscale.order.saga.sweep-every=1h")
@ShopScaleInfrastructure
class TimeoutSweepPlanIT {

  private static final Logger log = LoggerFactory.getLogger(TimeoutSweepPlanIT.class);

  @RegisterExtension
  static final FakeInventory inventory = new FakeInventory();

  @Autowired
  JdbcClient jdbc;

  @Autowired
  TransactionTemplate tx;

  @Test
  void theSweepFindsOverdueOrdersThroughTheOutboxAggregateIndexNotAScanOfTheOutbox() throws Exception {
    // given: 100 000 published rows of other orders
    jdbc.sql("""
        INSERT INTO outbox_events (id, aggregate_id, topic, type, envelope, created_at, published_at)
        SELECT gen_random_uuid(), CAST(gen_random_uuid() AS varchar), 'orders.events',
               CASE WHEN n % 2 = 0 THEN ? ELSE ? END, '{}', now() - interval '1 hour', now() - interval '1 hour'
          FROM generate_series(1, 100000) n
        """).params(OrderPlaced.TYPE, OrderConfirmed.TYPE).update();
    // and 50 orders still PENDING a minute after their OrderPlaced went out
    jdbc.sql("""
        WITH placed AS (
          INSERT INTO orders (id, user_id, status, payment_token, total_amount, currency, created_at, updated_at,
                              version)
          SELECT gen_random_uuid(), gen_random_uuid(), 'PENDING', 'tok_visa', 10, 'USD', now() - interval '1 minute',
                 now() - interval '1 minute', 0
            FROM generate_series(1, 50)
          RETURNING id)
        INSERT INTO outbox_events (id, aggregate_id, topic, type, envelope, created_at, published_at)
        SELECT gen_random_uuid(), CAST(id AS varchar), 'orders.events', ?, '{}', now() - interval '1 minute',
               now() - interval '1 minute'
          FROM placed
        """).param(OrderPlaced.TYPE).update();
    jdbc.sql("ANALYZE outbox_events").update();
    jdbc.sql("ANALYZE orders").update();
    // when
    String plan = explain(sweepSql(), Instant.now().minusSeconds(20));
    // then
    log.info("Timeout sweep plan with 100k published outbox rows:\n{}", plan);
    // each day partition with rows is read through its copy of outbox_events_by_aggregate; an empty one (the days
    // ahead, the DEFAULT partition) may be scanned, at no cost
    assertThat(plan).contains("aggregate_id_type_idx on outbox_events_p")
        .doesNotContainPattern("Seq Scan on outbox_events[^\\n]*\\(cost=0\\.00\\.\\.(?!0\\.00 )");
  }

  /** The exact SQL the sweeper runs. */
  private static String sweepSql() throws NoSuchMethodException {
    return OrderRepository.class.getMethod("lockTimedOut", Instant.class, String.class, int.class)
        .getAnnotation(Query.class).value();
  }

  private String explain(String sql, Instant announcedBefore) {
    String literal = sql.replace(":announcedBefore", "CAST('" + announcedBefore + "' AS timestamptz)")
        .replace(":placedType", "'" + OrderPlaced.TYPE + "'").replace(":batch", "100");
    return tx.execute(status -> {
      // EXPLAIN ANALYZE runs the statement: its row locks go with the rollback
      status.setRollbackOnly();
      List<String> lines = jdbc.sql("EXPLAIN (ANALYZE, BUFFERS) " + literal).query(String.class).list();
      return String.join("\n", lines);
    });
  }
}
