package io.shopscale.platform.jobs;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one way a background job (a sweep, a purge, the outbox relay, a recovery run) uses the database: in a
 * read-write transaction whose every statement PostgreSQL cancels after {@code shopscale.background.statement-timeout}.
 * A request has a caller and a route timeout; a job has neither. A statement stuck behind a lock (a migration's
 * {@code ACCESS EXCLUSIVE}, a {@code VACUUM FULL}, a session left open in psql) would otherwise hold the job's thread
 * and its pooled connection for as long as the lock lives, and every later run of the job would queue behind it. With
 * the timeout the run fails, logs, and the next run tries again.
 *
 * <p>The setting is transaction-local ({@code set_config(..., true)}, like {@code SET LOCAL}): the pooled connection
 * goes back as it came, and requests served on it later keep their own limits. Work called inside joins the
 * transaction (a service's {@code TransactionTemplate} or {@code @Transactional} with the default propagation), so
 * its statements are bounded too.
 */
public final class BackgroundWork {

  private final TransactionTemplate transactions;
  private final JdbcClient jdbc;
  private final String statementTimeout;

  public BackgroundWork(PlatformTransactionManager transactions, JdbcClient jdbc, Duration statementTimeout) {
    if (statementTimeout.isNegative() || statementTimeout.isZero()) {
      throw new IllegalArgumentException("A background statement timeout must be positive: " + statementTimeout);
    }
    this.transactions = new TransactionTemplate(transactions);
    this.jdbc = jdbc;
    this.statementTimeout = statementTimeout.toMillis() + "ms";
  }

  /** Runs {@code work} in a transaction whose statements are bounded by the background statement timeout. */
  public <T extends @Nullable Object> T execute(TransactionCallback<T> work) {
    return transactions.execute(status -> {
      jdbc.sql("SELECT set_config('statement_timeout', ?, true)").param(statementTimeout).query(String.class).single();
      return work.doInTransaction(status);
    });
  }

  /** {@link #execute} for work that returns nothing. */
  public void run(Runnable work) {
    execute(status -> {
      work.run();
      return null;
    });
  }
}
