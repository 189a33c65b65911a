package io.shopscale.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.shopscale.platformtest.PlatformTestApplication;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * processed_events is bounded in every service: the platform deletes the rows of events older than the topic
 * retention plus the replay horizon (1 h + 1 h here), on its own schedule, in batches that skip locked rows.
 */
@SpringBootTest(classes = PlatformTestApplication.class, properties = {
    "shopscale.processed-events.topic-retention=1h", "shopscale.processed-events.replay-horizon=1h",
    "shopscale.processed-events.purge-every=200ms", "shopscale.processed-events.purge-batch=3",
    "shopscale.background.statement-timeout=1s"})
@ShopScaleInfrastructure
class ProcessedEventsPurgeIT {

  private static final Duration DEADLINE = Duration.ofSeconds(20);

  @Autowired
  JdbcClient jdbc;

  @Autowired
  DataSource dataSource;

  @Autowired
  ProcessedEventsPurge purge;

  @Test
  void eventsPastTheReplayHorizonAreForgottenAndRecentOnesKeptWhileALockedRowIsSkippedNotWaitedFor()
      throws Exception {
    // given: 10 rows past retention + horizon (in two services' consumers), 4 inside the horizon, 4 fresh
    insert("old-", 10, "3 hours");
    insert("horizon-", 4, "110 minutes");
    insert("fresh-", 4, "0 seconds");
    try (Connection holder = dataSource.getConnection()) {
      // and one old row held by a consumer transaction that is still open
      holder.setAutoCommit(false);
      try (var lock = holder.prepareStatement(
          "SELECT 1 FROM processed_events WHERE event_id = 'old-0' FOR UPDATE")) {
        lock.executeQuery().close();
      }
      // when the purge runs on its schedule
      // then every other old row goes, batch after batch, without waiting for the locked one
      await().atMost(DEADLINE).until(() -> ids("old-").equals(List.of("old-0")));
      holder.rollback();
    }
    // and the locked row goes on a later run
    await().atMost(DEADLINE).until(() -> ids("old-").isEmpty());
    assertThat(ids("horizon-")).hasSize(4);
    assertThat(ids("fresh-")).hasSize(4);
  }

  @Test
  void aPurgeBlockedByATableLockGivesUpAfterTheStatementTimeoutAndPurgesOnceTheLockIsGone() throws Exception {
    // given an old row, and a session holding the table ACCESS EXCLUSIVE (a migration, a VACUUM FULL)
    insert("blocked-", 1, "3 hours");
    try (Connection holder = dataSource.getConnection()) {
      holder.setAutoCommit(false);
      try (var lock = holder.createStatement()) {
        lock.execute("LOCK TABLE processed_events IN ACCESS EXCLUSIVE MODE");
      }
      // when a purge runs
      CompletableFuture<Void> run = CompletableFuture.runAsync(purge::purge);
      // then it fails after the statement timeout instead of holding its thread and connection until the lock goes
      assertThatThrownBy(() -> run.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .rootCause().hasMessageContaining("statement timeout");
      holder.rollback();
    }
    // and a later run purges the row
    await().atMost(DEADLINE).until(() -> ids("blocked-").isEmpty());
  }

  private void insert(String prefix, int count, String age) {
    jdbc.sql("""
        INSERT INTO processed_events (consumer, event_id, processed_at)
        SELECT CASE WHEN n % 2 = 0 THEN 'purge-it-a' ELSE 'purge-it-b' END, ? || n, now() - CAST(? AS interval)
          FROM generate_series(0, ? - 1) n
        """).params(prefix, age, count).update();
  }

  private List<String> ids(String prefix) {
    return jdbc.sql("SELECT event_id FROM processed_events WHERE event_id LIKE ? ORDER BY event_id")
        .param(prefix + "%").query(String.class).list();
  }
}
