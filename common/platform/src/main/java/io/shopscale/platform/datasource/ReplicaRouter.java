package io.shopscale.platform.datasource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * The read-only side of the routing proxy: hands out connections of healthy replicas in turn, and the primary's
 * inside a {@link PrimaryReads#read}, when none is healthy, when the replica refuses a connection, when every
 * replica's pool stays busy for its connection timeout, or when the current user has just written.
 */
final class ReplicaRouter extends AbstractDataSource implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ReplicaRouter.class);

  // Where the primary's WAL is now. Read before the replicas are asked, so a replica that has replayed up to here
  // has every change the primary had committed when this check began.
  private static final String PRIMARY_POSITION_SQL = "SELECT CAST(pg_current_wal_lsn() AS text)";
  // Whether the replica has replayed up to a position the primary had. A replica cut off from the primary (its WAL
  // receiver stopped, a network partition) has replayed everything it received, so a lag measured on the replica
  // alone reads zero however far behind it is; comparing with the primary's position needs no privilege and no
  // heartbeat writes, and an idle primary (no new position) is no lag.
  private static final String REPLICA_SQL = "SELECT pg_is_in_recovery(), COALESCE(pg_last_wal_replay_lsn() >= CAST(? AS pg_lsn), false)";

  private final DataSource primary;
  private final List<Replica> replicas;
  private final ReadYourWrites readYourWrites;
  private final RoutingSettings settings;
  private final AtomicInteger next = new AtomicInteger();
  private final ScheduledExecutorService healthChecks;
  private final Counter primaryPoolReads;
  private final MeterRegistry meters;
  // confined to the health-check thread (set before it starts)
  private long previousCheck;

  ReplicaRouter(DataSource primary, List<HikariDataSource> replicaPools, ReadYourWrites readYourWrites,
      RoutingSettings settings, MeterRegistry meters) {
    this.primary = primary;
    this.readYourWrites = readYourWrites;
    this.settings = settings;
    this.meters = meters;
    this.replicas = replicaPools.stream().map(pool -> new Replica(pool, meters)).toList();
    this.primaryPoolReads = meters.counter("shopscale.datasource.reads", "pool", "primary");
    this.healthChecks = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "replica-health");
      thread.setDaemon(true);
      return thread;
    });
    this.previousCheck = System.nanoTime();
    long every = settings.healthCheckInterval().toMillis();
    healthChecks.scheduleWithFixedDelay(this::checkReplicas, 0, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (PrimaryReads.requested()) {
      return fallback("primary_read");
    }
    if (readYourWrites.applies()) {
      return fallback("read_your_writes");
    }
    boolean busy = false;
    for (int tried = 0; tried < replicas.size(); tried++) {
      Replica replica = replicas.get(Math.floorMod(next.getAndIncrement(), replicas.size()));
      if (!replica.healthy) {
        continue;
      }
      try {
        Connection connection = replica.pool.getConnection();
        // A pooled connection to a replica that died since the last health check would fail the caller's query;
        // one round trip here turns that into a fallback to the primary instead of an error.
        if (!connection.isValid(1)) {
          replica.pool.evictConnection(connection);
          replica.markDown("a pooled connection is broken");
          continue;
        }
        replica.reads.increment();
        return connection;
      }
      catch (SQLException ex) {
        if (busy(ex)) {
          busy = true;
        }
        else {
          replica.markDown("connection refused: " + ex.getMessage());
        }
      }
    }
    return fallback(busy ? "replicas_busy" : "no_healthy_replica");
  }

  /**
   * Every connection of the pool stayed in use for its whole connection timeout, and none failed to open: the replica
   * is answering, only busy. Taking it out of rotation for that would send every read to the primary until the next
   * health check, onto the connections the writes need, when reads are already more than the replica can take; so
   * only the read that found no connection goes to the primary.
   */
  private static boolean busy(SQLException ex) {
    return ex instanceof SQLTransientConnectionException && ex.getCause() == null;
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLException("Replica connections use the configured credentials");
  }

  private Connection fallback(String reason) throws SQLException {
    meters.counter("shopscale.datasource.replica.fallbacks", "reason", reason).increment();
    primaryPoolReads.increment();
    return primary.getConnection();
  }

  void checkReplicas() {
    long now = System.nanoTime();
    String primaryPosition = primaryPosition();
    for (Replica replica : replicas) {
      try (Connection connection = replica.pool.getConnection();
          PreparedStatement statement = connection.prepareStatement(REPLICA_SQL)) {
        statement.setString(1, replica.target);
        try (ResultSet row = statement.executeQuery()) {
          row.next();
          replica.observe(row.getBoolean(2), primaryPosition, previousCheck, now);
          if (!row.getBoolean(1)) {
            replica.markDown("it is not in recovery, so it is no replica");
          }
          else if (replica.lagSeconds * 1000 > settings.maxReplicaLag().toMillis()) {
            replica.markDown("it has not replayed what the primary wrote " + replica.lagSeconds + " s ago (bound "
                + settings.maxReplicaLag() + "): far behind, or cut off from the primary");
          }
          else {
            replica.markUp();
          }
        }
      }
      catch (SQLException ex) {
        if (busy(ex)) {
          log.debug("Replica {} is too busy for its health check; it stays as it was", replica.pool.getPoolName());
        }
        else {
          replica.markDown("health check failed: " + ex.getMessage());
        }
      }
      catch (RuntimeException ex) {
        replica.markDown("health check failed: " + ex.getMessage());
      }
    }
    previousCheck = now;
  }

  /** Null when the primary cannot answer: the replicas keep the position they must reach. */
  private @Nullable String primaryPosition() {
    try (Connection connection = primary.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(PRIMARY_POSITION_SQL)) {
      row.next();
      return row.getString(1);
    }
    catch (SQLException | RuntimeException ex) {
      log.debug("Could not read the primary's WAL position: {}", ex.getMessage());
      return null;
    }
  }

  @Override
  public void close() {
    healthChecks.shutdownNow();
    replicas.forEach(replica -> replica.pool.close());
  }

  private static final class Replica {

    final HikariDataSource pool;
    final Counter reads;
    volatile boolean healthy;
    volatile double lagSeconds;
    // health-check thread only: a WAL position of the primary this replica must replay, and the time by which the
    // primary had reached it at the latest
    String target = "0/0";
    long targetSince;

    Replica(HikariDataSource pool, MeterRegistry meters) {
      this.pool = pool;
      String name = String.valueOf(pool.getPoolName());
      this.reads = meters.counter("shopscale.datasource.reads", "pool", name);
      Gauge.builder("shopscale.datasource.replica.lag", this, r -> r.lagSeconds).baseUnit("seconds")
          .tag("pool", name).register(meters);
      Gauge.builder("shopscale.datasource.replica.healthy", this, r -> r.healthy ? 1 : 0).tag("pool", name)
          .register(meters);
    }

    /**
     * The lag is the age of the oldest primary position the replica has not replayed yet. A position read at this
     * check is dated from the previous one (the primary may have reached it any time in between), so the lag errs
     * on the large side, never the small one: a replica is out at the latest one check after the bound.
     */
    void observe(boolean reachedTarget, @Nullable String primaryPosition, long previousCheck, long now) {
      if (!reachedTarget) {
        lagSeconds = (now - targetSince) / 1e9;
        return;
      }
      lagSeconds = 0;
      if (primaryPosition != null) {
        target = primaryPosition;
        targetSince = previousCheck;
      }
    }

    void markDown(String why) {
      if (healthy) {
        log.warn("Replica {} taken out of rotation, reads fall back to the primary: {}", pool.getPoolName(), why);
      }
      healthy = false;
    }

    void markUp() {
      if (!healthy) {
        log.info("Replica {} is healthy and serves reads", pool.getPoolName());
      }
      healthy = true;
    }
  }
}
