package io.shopscale.platform.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's wait for new outbox rows: a dedicated connection to the primary LISTENs on the channel that the
 * outbox table's trigger notifies at every commit, so an idle relay sleeps in a socket read instead of polling.
 *
 * <p>Without that connection (none configured, the database unreachable, or not PostgreSQL) it degrades to
 * polling at the relay's poll interval and tries to listen again at the next wait: a lost notification can only
 * delay a row until the relay's periodic look, never lose it, because the table is the truth.
 */
final class OutboxWakeUps implements AutoCloseable {

  static final String CHANNEL = "shopscale_outbox";

  private static final Logger log = LoggerFactory.getLogger(OutboxWakeUps.class);

  private final @Nullable Callable<Connection> connect;
  private final Duration pollInterval;
  private volatile @Nullable Connection connection;
  private volatile boolean closed;

  /** @param connect opens a plain connection to the primary (outside any pool), or {@code null} to poll */
  OutboxWakeUps(@Nullable Callable<Connection> connect, Duration pollInterval) {
    this.connect = connect;
    this.pollInterval = pollInterval;
  }

  /** Returns when a row may have committed, or after {@code max} at the latest. */
  void await(Duration max) throws InterruptedException {
    PGConnection listening = listening();
    if (listening == null) {
      TimeUnit.MILLISECONDS.sleep(Math.min(max.toMillis(), pollInterval.toMillis()));
      return;
    }
    try {
      // blocks in the socket read until a notification arrives or the time is up; 0 would mean forever
      PGNotification[] notifications = listening.getNotifications((int) Math.max(1, max.toMillis()));
      if (notifications == null && Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
    catch (SQLException ex) {
      if (!closed) {
        log.info("Outbox wake-up connection lost ({}); polling until it is back", ex.getMessage());
      }
      closeQuietly();
    }
  }

  boolean isListening() {
    return connection != null;
  }

  private @Nullable PGConnection listening() {
    Connection current = connection;
    if (current != null) {
      return unwrap(current);
    }
    if (connect == null || closed) {
      return null;
    }
    try {
      Connection opened = connect.call();
      try (Statement statement = opened.createStatement()) {
        statement.execute("LISTEN " + CHANNEL);
      }
      connection = opened;
      return unwrap(opened);
    }
    catch (Exception ex) {
      log.debug("Outbox relay cannot LISTEN ({}); polling", ex.toString());
      return null;
    }
  }

  private static @Nullable PGConnection unwrap(Connection connection) {
    try {
      return connection.unwrap(PGConnection.class);
    }
    catch (SQLException ex) {
      return null;
    }
  }

  /** Listens again after a {@link #close()} (the relay was stopped and is started again). */
  void open() {
    closed = false;
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly();
  }

  private void closeQuietly() {
    Connection current = connection;
    connection = null;
    if (current != null) {
      try {
        current.close();
      }
      catch (SQLException ignored) {
        // closing a broken connection: nothing left to release
      }
    }
  }
}
