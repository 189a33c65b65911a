package io.shopscale.platform.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.time.Duration;

import javax.sql.DataSource;

import io.shopscale.platformtest.PlatformTestApplication;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Background work cannot hang behind a lock: PostgreSQL cancels its statement after the background statement timeout,
 * and the limit ends with the transaction, so the pooled connection serves requests without it afterwards.
 */
@SpringBootTest(classes = PlatformTestApplication.class, properties = {
    "shopscale.background.statement-timeout=700ms", "spring.datasource.hikari.maximum-pool-size=2"})
@ShopScaleInfrastructure
class BackgroundWorkIT {

  @Autowired
  BackgroundWork background;

  @Autowired
  JdbcClient jdbc;

  @Autowired
  DataSource dataSource;

  @Autowired
  TransactionTemplate transactions;

  @Test
  void aStatementWaitingForALockIsCancelledAfterTheTimeoutAndTheConnectionGoesBackWithoutTheLimit()
      throws Exception {
    // given a table another session holds ACCESS EXCLUSIVE (a migration, a VACUUM FULL)
    jdbc.sql("CREATE TABLE IF NOT EXISTS background_work_it (id int)").update();
    try (Connection locker = dataSource.getConnection()) {
      locker.setAutoCommit(false);
      try (var lock = locker.createStatement()) {
        lock.execute("LOCK TABLE background_work_it IN ACCESS EXCLUSIVE MODE");
      }
      // when background work reads it
      long started = System.nanoTime();
      assertThatThrownBy(() -> background
          .execute(status -> jdbc.sql("SELECT count(*) FROM background_work_it").query(Long.class).single()))
          // then PostgreSQL cancels the statement after the timeout instead of waiting for the lock
          .isInstanceOf(DataAccessException.class)
          .rootCause().hasMessageContaining("statement timeout");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(600),
          Duration.ofSeconds(10));
      // and the connection it used (the only other one in the pool) serves other work without the limit
      String outside = transactions.execute(status -> jdbc.sql("SHOW statement_timeout").query(String.class).single());
      assertThat(outside).isEqualTo("0");
      locker.rollback();
    }
    String inside = background.execute(status -> jdbc.sql("SHOW statement_timeout").query(String.class).single());
    assertThat(inside).isEqualTo("700ms");
  }
}
