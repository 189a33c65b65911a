package io.shopscale.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.shopscale.platformtest.PlatformTestApplication;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox partitioned by day (V5) and its maintenance ({@link OutboxPartitions}) on a real PostgreSQL: pruning,
 * retention by partition drop that never drops an unpublished or parked row, the DEFAULT partition as the landing
 * place for a row whose day has no partition yet, and several instances maintaining at once. No relay runs here (rows
 * stay as the test writes them); each test calls the maintenance itself and waits until it ran (another instance's
 * run, here the one at start-up, may hold the advisory lock for a moment).
 */
@SpringBootTest(classes = PlatformTestApplication.class, properties = {"shopscale.outbox.relay-enabled=false",
    "shopscale.outbox.retention=24h"})
@ShopScaleInfrastructure(Server.POSTGRES)
class OutboxPartitionsIT {

  private static final Logger log = LoggerFactory.getLogger(OutboxPartitionsIT.class);
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  @Autowired
  OutboxPartitions partitions;

  @Autowired
  JdbcClient jdbc;

  @Autowired
  TransactionTemplate tx;

  @Test
  void aQueryBoundedOnCreatedAtScansOnlyThePartitionsOfItsDays() {
    // given: rows on three past days (still unpublished, so kept), each in its own partition
    LocalDate first = LocalDate.of(2021, 3, 1);
    tx.executeWithoutResult(status -> {
      for (int day = 0; day < 3; day++) {
        insert(first.plusDays(day), 100, "published_at = NULL");
      }
    });
    awaitMaintained(() -> assertThat(partitionOf(first)).isNotNull());
    jdbc.sql("ANALYZE outbox_events").update();
    // when: a replay of one day's events
    String plan = String.join("\n", jdbc.sql("EXPLAIN SELECT seq, envelope FROM outbox_events"
        + " WHERE created_at >= '2021-03-02T00:00:00Z' AND created_at < '2021-03-03T00:00:00Z'")
        .query(String.class).list());
    log.info("Plan of a query for 2021-03-02:\n{}", plan);
    // then: only that day's partition is read, not its neighbours, today's or the DEFAULT partition
    assertThat(plan).contains("outbox_events_p20210302").doesNotContain("outbox_events_p20210301")
        .doesNotContain("outbox_events_p20210303").doesNotContain("outbox_events_default")
        .doesNotContain(name(today()));
  }

  @Test
  void retentionDropsAPastDayWhoseRowsAreAllPublishedAndKeepsDaysWithAnUnpublishedParkedOrRecentlyPublishedRow() {
    // given: four past days, older than the retention (24 h), written in one transaction
    tx.executeWithoutResult(status -> {
      insert(LocalDate.of(2020, 1, 1), 50, "published_at = created_at");
      insert(LocalDate.of(2020, 1, 2), 50, "published_at = created_at");
      insert(LocalDate.of(2020, 1, 2), 1, "published_at = NULL"); // waiting for the broker
      insert(LocalDate.of(2020, 1, 3), 50, "published_at = created_at");
      insert(LocalDate.of(2020, 1, 3), 1, "published_at = NULL, parked_at = now(), attempts = 10"); // parked
      insert(LocalDate.of(2020, 1, 4), 50, "published_at = now() - interval '1 hour'"); // published late, recently
    });
    // when
    awaitMaintained(() -> assertThat(partitionOf(LocalDate.of(2020, 1, 1))).isNull());
    // then: only the first day went, the others are whole
    assertThat(rowsOn(LocalDate.of(2020, 1, 1))).isZero();
    assertThat(partitionOf(LocalDate.of(2020, 1, 2))).isEqualTo(name(LocalDate.of(2020, 1, 2)));
    assertThat(rowsOn(LocalDate.of(2020, 1, 2))).isEqualTo(51);
    assertThat(partitionOf(LocalDate.of(2020, 1, 3))).isEqualTo(name(LocalDate.of(2020, 1, 3)));
    assertThat(rowsOn(LocalDate.of(2020, 1, 3))).isEqualTo(51);
    assertThat(rowsOn(LocalDate.of(2020, 1, 4))).isEqualTo(50);
    // and once the waiting row is published, the next run drops its day
    jdbc.sql("UPDATE outbox_events SET published_at = created_at WHERE published_at IS NULL AND parked_at IS NULL"
        + " AND created_at < '2020-01-03T00:00:00Z'").update();
    awaitMaintained(() -> assertThat(partitionOf(LocalDate.of(2020, 1, 2))).isNull());
    assertThat(partitionOf(LocalDate.of(2020, 1, 3))).isNotNull();
  }

  @Test
  void aRowBeyondThePreparedPartitionsLandsInTheDefaultPartitionAndMaintenanceMovesItToItsOwnDay() {
    // given: today and the days ahead are ready
    awaitMaintained(() -> assertThat(partitionOf(today().plusDays(7))).isNotNull());
    LocalDate farAhead = today().plusDays(100);
    // when: a row is written for a day without a partition
    Long seq = tx.execute(status -> {
      long inserted = insertOne(farAhead, "published_at = NULL");
      // then: it is accepted, into the DEFAULT partition
      assertThat(jdbc.sql("SELECT CAST(tableoid AS regclass) FROM outbox_events WHERE seq = ?").param(inserted)
          .query(String.class).single()).isEqualTo("outbox_events_default");
      return inserted;
    });
    // and the next maintenance gives its day a partition and moves it there, seq unchanged, the DEFAULT left empty
    awaitMaintained(() -> assertThat(partitionOf(farAhead)).isNotNull());
    assertThat(jdbc.sql("SELECT CAST(tableoid AS regclass) FROM outbox_events WHERE seq = ?").param(seq)
        .query(String.class).single()).isEqualTo(name(farAhead));
    assertThat(jdbc.sql("SELECT count(*) FROM outbox_events_default").query(Long.class).single()).isZero();
    // and new rows take the next values of the same sequence
    Long next = tx.execute(status -> insertOne(today(), "published_at = NULL"));
    assertThat(next).isGreaterThan(seq);
  }

  @Test
  void severalInstancesMaintainingAtOnceCreateEachPartitionOnceAndLoseNoRow() {
    // given: rows waiting in the DEFAULT partition for five days without a partition
    List<LocalDate> days = new ArrayList<>();
    for (int day = 0; day < 5; day++) {
      days.add(LocalDate.of(2099, 6, 1).plusDays(day));
    }
    tx.executeWithoutResult(status -> days.forEach(day -> insert(day, 20, "published_at = NULL")));
    // when: four instances run the maintenance at the same moment, again and again
    List<CompletableFuture<Void>> runs = new ArrayList<>();
    for (int instance = 0; instance < 4; instance++) {
      runs.add(CompletableFuture.runAsync(() -> {
        for (int run = 0; run < 5; run++) {
          partitions.maintain();
        }
      }));
    }
    // then: no run failed
    CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).join();
    // and every day has its one partition with its rows, none left behind or doubled
    awaitMaintained(() -> days.forEach(day -> assertThat(partitionOf(day)).isNotNull()));
    days.forEach(day -> assertThat(jdbc.sql("SELECT count(*) FROM " + name(day)).query(Long.class).single())
        .isEqualTo(20));
    assertThat(jdbc.sql("SELECT count(*) FROM outbox_events_default").query(Long.class).single()).isZero();
  }

  private void awaitMaintained(Runnable assertion) {
    await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      partitions.maintain();
      assertion.run();
    });
  }

  private void insert(LocalDate day, int rows, String state) {
    jdbc.sql("INSERT INTO outbox_events (id, aggregate_id, topic, type, envelope, created_at)"
        + " SELECT gen_random_uuid(), 'agg-' || n, 'inventory.events', 'ProductChanged', '{}',"
        + " CAST(? AS timestamptz) + n * interval '1 second' FROM generate_series(1, ?) n")
        .params(day.atStartOfDay(ZoneOffset.UTC).toOffsetDateTime(), rows).update();
    jdbc.sql("UPDATE outbox_events SET " + state + " WHERE created_at >= ? AND created_at < ?"
        + " AND published_at IS NULL AND parked_at IS NULL")
        .params(day.atStartOfDay(ZoneOffset.UTC).toOffsetDateTime(),
            day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toOffsetDateTime())
        .update();
  }

  private long insertOne(LocalDate day, String state) {
    long seq = jdbc.sql("INSERT INTO outbox_events (id, aggregate_id, topic, type, envelope, created_at)"
        + " VALUES (gen_random_uuid(), 'one', 'inventory.events', 'ProductChanged', '{}', ?) RETURNING seq")
        .param(day.atStartOfDay(ZoneOffset.UTC).plusHours(12).toOffsetDateTime()).query(Long.class).single();
    jdbc.sql("UPDATE outbox_events SET " + state + " WHERE seq = ?").param(seq).update();
    return seq;
  }

  private long rowsOn(LocalDate day) {
    return jdbc.sql("SELECT count(*) FROM outbox_events WHERE created_at >= ? AND created_at < ?")
        .params(day.atStartOfDay(ZoneOffset.UTC).toOffsetDateTime(),
            day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toOffsetDateTime())
        .query(Long.class).single();
  }

  private @Nullable String partitionOf(LocalDate day) {
    return jdbc.sql("SELECT relname FROM pg_class WHERE relname = ?").param(name(day)).query(String.class).optional()
        .orElse(null);
  }

  private static String name(LocalDate day) {
    return "outbox_events_p" + day.format(DateTimeFormatter.BASIC_ISO_DATE);
  }

  private static LocalDate today() {
    return LocalDate.now(ZoneOffset.UTC);
  }
}
