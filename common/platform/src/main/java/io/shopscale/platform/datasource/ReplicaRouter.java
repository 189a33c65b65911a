package io.shopscale.platform.datasource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * The read-only side of the routing proxy: hands out connections of healthy replicas in turn, and the primary's
 * inside a {@link PrimaryReads#read}, when none is healthy, when the replica refuses a connection, or when the
 * current user has just written.
 */
final class ReplicaRouter extends AbstractDataSource implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ReplicaRouter.class);

  // Replay lag is zero while the replica has applied all the WAL it received: an idle primary is not lag.
  // Otherwise it is the age of the last transaction it replayed.
  private static final String LAG_SQL = """
      SELECT pg_is_in_recovery(),
             CASE WHEN pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() THEN 0
                  ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END
      """;

  private final DataSource primary;
  private final List<Replica> replicas;
  private final ReadYourWrites readYourWrites;
  private final RoutingSettings settings;
  private final AtomicInteger next = new AtomicInteger();
  private final ScheduledExecutorService healthChecks;
  private final Counter primaryPoolReads;
  private final MeterRegistry meters;

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
        replica.markDown("connection refused: " + ex.getMessage());
      }
    }
    return fallback("no_healthy_replica");
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
    for (Replica replica : replicas) {
      try (Connection connection = replica.pool.getConnection(); Statement statement = connection.createStatement();
          ResultSet row = statement.executeQuery(LAG_SQL)) {
        row.next();
        replica.lagSeconds = row.getDouble(2);
        if (!row.getBoolean(1)) {
          replica.markDown("it is not in recovery, so it is no replica");
        }
        else if (replica.lagSeconds * 1000 > settings.maxReplicaLag().toMillis()) {
          replica.markDown("replay lag " + replica.lagSeconds + " s is above " + settings.maxReplicaLag());
        }
        else {
          replica.markUp();
        }
      }
      catch (SQLException | RuntimeException ex) {
        replica.markDown("health check failed: " + ex.getMessage());
      }
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

    Replica(HikariDataSource pool, MeterRegistry meters) {
      this.pool = pool;
      String name = String.valueOf(pool.getPoolName());
      this.reads = meters.counter("shopscale.datasource.reads", "pool", name);
      Gauge.builder("shopscale.datasource.replica.lag", this, r -> r.lagSeconds).baseUnit("seconds")
          .tag("pool", name).register(meters);
      Gauge.builder("shopscale.datasource.replica.healthy", this, r -> r.healthy ? 1 : 0).tag("pool", name)
          .register(meters);
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
