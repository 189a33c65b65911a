package io.shopscale.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

import io.shopscale.platformtest.PlatformTestApplication;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What retention costs for one day of published outbox rows ({@code -Dbench.rows}, 200,000 by default): the old way,
 * batches of {@code DELETE ... LIMIT 5000} on an unpartitioned copy of the table (V4's layout, indexes included), and
 * the new way, {@link OutboxPartitions} dropping the day's partition. Prints the time, the WAL written and the table's
 * size afterwards (a DELETE leaves dead tuples for vacuum; a drop leaves nothing). Asserts nothing about speed.
 *
 * <p>Runs only with {@code ./mvnw -B -pl common/platform -am -Pbench verify}.
 */
@SpringBootTest(classes = PlatformTestApplication.class, properties = {"shopscale.outbox.relay-enabled=false",
    "shopscale.background.statement-timeout=5m"})
@ShopScaleInfrastructure(Server.POSTGRES)
class OutboxRetentionBenchmark {

  private static final int ROWS = Integer.getInteger("bench.rows", 200_000);
  private static final LocalDate DAY = LocalDate.of(2019, 5, 1);

  @Autowired
  OutboxPartitions partitions;

  @Autowired
  JdbcClient jdbc;

  @Test
  void retentionByDeleteVersusByDroppingTheDaysPartition() {
    // given: the old layout, one day of published rows
    jdbc.sql("""
        CREATE TABLE outbox_plain (
          seq bigserial PRIMARY KEY, id uuid NOT NULL UNIQUE, aggregate_id varchar(100) NOT NULL,
          topic varchar(200) NOT NULL, type varchar(200) NOT NULL, envelope text NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now(), published_at timestamptz, traceparent varchar(100),
          attempts integer NOT NULL DEFAULT 0, last_error varchar(1000), next_attempt_at timestamptz,
          parked_at timestamptz)
        """).update();
    jdbc.sql("CREATE INDEX ON outbox_plain (seq) WHERE published_at IS NULL").update();
    jdbc.sql("CREATE INDEX ON outbox_plain (published_at) WHERE published_at IS NOT NULL").update();
    jdbc.sql("CREATE INDEX ON outbox_plain (aggregate_id, seq) WHERE published_at IS NULL").update();
    jdbc.sql("CREATE INDEX ON outbox_plain (aggregate_id, type)").update();
    fill("outbox_plain");
    // and the new layout: the day's partition exists (a row made it), then the same rows
    jdbc.sql("INSERT INTO outbox_events (id, aggregate_id, topic, type, envelope, created_at) VALUES"
        + " (gen_random_uuid(), 'first', 'inventory.events', 'ProductChanged', '{}', ?)").param(start()).update();
    partitions.maintain();
    jdbc.sql("UPDATE outbox_events SET published_at = created_at WHERE aggregate_id = 'first'").update();
    fill("outbox_events");
    jdbc.sql("CHECKPOINT").update();

    // when: the old way, as OutboxRelay's housekeeping did it (one batch per run, each its own transaction)
    Figures delete = measure("outbox_plain", () -> {
      int deleted;
      do {
        deleted = jdbc.sql("""
            DELETE FROM outbox_plain WHERE seq IN (
              SELECT seq FROM outbox_plain WHERE published_at < now() - interval '24 hours' LIMIT 5000)
            """).update();
      } while (deleted > 0);
    });
    jdbc.sql("CHECKPOINT").update();
    // and the new way
    String partition = "outbox_events_p" + DAY.toString().replace("-", "");
    long partitionBytes = size(partition);
    Figures drop = measure(partition, partitions::maintain);

    // then
    assertThat(jdbc.sql("SELECT count(*) FROM outbox_plain").query(Long.class).single()).isZero();
    assertThat(jdbc.sql("SELECT count(*) FROM pg_class WHERE relname = ?").param(partition).query(Long.class)
        .single()).isZero();
    System.out.printf(Locale.ROOT, """
        %nOutbox retention of %,d published rows (one day)
        | way | time ms | WAL written | table + indexes after |
        |---|---|---|---|
        | DELETE in batches of 5,000 (before) | %,.0f | %,d kB | %,d kB (of %,d kB: dead tuples until vacuum) |
        | DROP of the day's partition (now) | %,.1f | %,d kB | 0 kB (of %,d kB) |
        ratio drop/delete: time x%.4f, WAL x%.4f%n""",
        ROWS, delete.millis(), delete.walBytes() / 1024, delete.sizeAfter() / 1024, delete.sizeBefore() / 1024,
        drop.millis(), drop.walBytes() / 1024, partitionBytes / 1024,
        drop.millis() / delete.millis(), (double) drop.walBytes() / delete.walBytes());
  }

  private void fill(String table) {
    jdbc.sql("INSERT INTO " + table + " (id, aggregate_id, topic, type, envelope, created_at, published_at)"
        + " SELECT gen_random_uuid(), 'product-' || (n % 5000), 'inventory.events', 'ProductChanged',"
        + " repeat('x', 400), CAST(? AS timestamptz) + n * interval '400 ms', CAST(? AS timestamptz) + n * interval '400 ms'"
        + " FROM generate_series(1, ?) n").params(start(), start(), ROWS).update();
    jdbc.sql("VACUUM ANALYZE " + table).update();
  }

  private Figures measure(String table, Runnable retention) {
    long sizeBefore = size(table);
    String walBefore = jdbc.sql("SELECT CAST(pg_current_wal_lsn() AS text)").query(String.class).single();
    long started = System.nanoTime();
    retention.run();
    double millis = (System.nanoTime() - started) / 1e6;
    long wal = jdbc.sql("SELECT CAST(pg_wal_lsn_diff(pg_current_wal_lsn(), CAST(? AS pg_lsn)) AS bigint)")
        .param(walBefore).query(Long.class).single();
    long sizeAfter = jdbc.sql("SELECT count(*) FROM pg_class WHERE relname = ?").param(table).query(Long.class)
        .single() == 0 ? 0 : size(table);
    return new Figures(millis, wal, sizeBefore, sizeAfter);
  }

  private long size(String table) {
    return jdbc.sql("SELECT pg_total_relation_size(CAST(? AS regclass))").param(table).query(Long.class).single();
  }

  private java.time.OffsetDateTime start() {
    return DAY.atStartOfDay(ZoneOffset.UTC).toOffsetDateTime();
  }

  private record Figures(double millis, long walBytes, long sizeBefore, long sizeAfter) {
  }
}
