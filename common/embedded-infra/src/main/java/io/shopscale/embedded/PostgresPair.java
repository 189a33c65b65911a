package io.shopscale.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.springframework.util.FileSystemUtils;

/**
 * A real PostgreSQL primary with a real streaming replica ({@code pg_is_in_recovery()} is true on it).
 *
 * <p>{@link #get()} is the shared pair of this JVM: the machine's servers when {@code SHOPSCALE_TEST_POSTGRES_URL}
 * and {@code SHOPSCALE_TEST_POSTGRES_REPLICA_URL} are both set (CI makes the replica with {@code .ci/replica.sh}),
 * else an embedded pair. {@link #startEmbedded()} gives a test a pair of its own that it may break: stop the
 * replica, pause its replay.
 */
public final class PostgresPair implements AutoCloseable {

  private static volatile @Nullable PostgresPair shared;

  private final String host;
  private final int primaryPort;
  private final int replicaPort;
  private final String user;
  private final String password;
  private final @Nullable EmbeddedPostgres primary;
  private @Nullable EmbeddedPostgres replica;
  private final @Nullable Path replicaDir;

  private PostgresPair(String host, int primaryPort, int replicaPort, String user, String password,
      @Nullable EmbeddedPostgres primary, @Nullable EmbeddedPostgres replica, @Nullable Path replicaDir) {
    this.host = host;
    this.primaryPort = primaryPort;
    this.replicaPort = replicaPort;
    this.user = user;
    this.password = password;
    this.primary = primary;
    this.replica = replica;
    this.replicaDir = replicaDir;
  }

  public static PostgresPair get() {
    if (shared == null) {
      synchronized (PostgresPair.class) {
        if (shared == null) {
          shared = resolve();
        }
      }
    }
    return shared;
  }

  private static PostgresPair resolve() {
    String primaryUrl = Environment.value("SHOPSCALE_TEST_POSTGRES_URL");
    String replicaUrl = Environment.value("SHOPSCALE_TEST_POSTGRES_REPLICA_URL");
    if (primaryUrl != null && replicaUrl != null) {
      var primary = java.net.URI.create(primaryUrl.replaceFirst("^jdbc:", ""));
      var replica = java.net.URI.create(replicaUrl.replaceFirst("^jdbc:", ""));
      return new PostgresPair(primary.getHost(), primary.getPort(), replica.getPort(),
          System.getenv().getOrDefault("SHOPSCALE_TEST_POSTGRES_USER", "postgres"),
          System.getenv().getOrDefault("SHOPSCALE_TEST_POSTGRES_PASSWORD", ""), null, null, null);
    }
    PostgresPair embedded = startEmbedded();
    Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "stop-embedded-postgres-pair"));
    return embedded;
  }

  /** A new embedded primary and replica, owned by the caller (close it). */
  public static PostgresPair startEmbedded() {
    return startEmbedded(0, 0, true);
  }

  /**
   * Like {@link #startEmbedded()}, on fixed ports (0 = any free port), for a launcher that needs the same addresses
   * from one run to the next. Without zonky's JVM shutdown hooks: the caller closes the pair from its own hook, after
   * whatever still uses the databases has stopped.
   */
  public static PostgresPair startEmbedded(int primaryPort, int replicaPort) {
    return startEmbedded(primaryPort, replicaPort, false);
  }

  private static PostgresPair startEmbedded(int primaryPort, int replicaPort, boolean shutdownHooks) {
    try {
      var builder = EmbeddedPostgres.builder()
          .setRegisterShutdownHook(shutdownHooks)
          .setServerConfig("wal_level", "replica")
          .setServerConfig("max_wal_senders", "5")
          .setServerConfig("max_replication_slots", "5")
          .setServerConfig("max_connections", "300");
      if (primaryPort > 0) {
        builder.setPort(primaryPort);
      }
      EmbeddedPostgres primary = builder.start();
      Path replicaDir = Files.createTempDirectory("shopscale-replica");
      baseBackup(primary, replicaDir);
      EmbeddedPostgres replica = startReplica(replicaDir, replicaPort, shutdownHooks);
      var pair = new PostgresPair("localhost", primary.getPort(), replica.getPort(), "postgres", "", primary, replica,
          replicaDir);
      pair.awaitStreaming();
      return pair;
    }
    catch (IOException ex) {
      throw new UncheckedIOException("Could not start an embedded PostgreSQL pair", ex);
    }
    catch (SQLException ex) {
      throw new IllegalStateException("Could not set up streaming replication", ex);
    }
  }

  // No pg_basebackup in the embedded binaries: an online backup through SQL plus a file copy does the same.
  private static void baseBackup(EmbeddedPostgres primary, Path replicaDir) throws SQLException, IOException {
    try (Connection c = primary.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      Path source = Path.of(single(s, "show data_directory"));
      s.execute("select pg_create_physical_replication_slot('replica1', true)");
      s.execute("select pg_backup_start('replica1', true)");
      try (var files = Files.walk(source)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          String name = source.relativize(file).toString();
          if (name.matches("postmaster\\.(pid|opts)|epg-lock|(pg_wal|pg_replslot)/.+")) {
            continue;
          }
          Path target = replicaDir.resolve(name);
          if (Files.isDirectory(file)) {
            Files.createDirectories(target);
          }
          else {
            Files.copy(file, target);
          }
        }
      }
      Files.createDirectories(replicaDir.resolve("pg_wal/archive_status"));
      Files.writeString(replicaDir.resolve("backup_label"), single(s, "select labelfile from pg_backup_stop(false)"));
    }
    Files.writeString(replicaDir.resolve("standby.signal"), "");
    Files.writeString(replicaDir.resolve("postgresql.auto.conf"), "primary_conninfo = 'host=localhost port="
        + primary.getPort() + " user=postgres application_name=replica1'\nprimary_slot_name = 'replica1'\n",
        StandardOpenOption.APPEND);
    Files.setPosixFilePermissions(replicaDir, PosixFilePermissions.fromString("rwx------"));
  }

  private static EmbeddedPostgres startReplica(Path replicaDir, int port, boolean shutdownHook) throws IOException {
    var builder = EmbeddedPostgres.builder().setDataDirectory(replicaDir).setCleanDataDirectory(false)
        .setRegisterShutdownHook(shutdownHook);
    if (port > 0) {
      builder.setPort(port);
    }
    return builder.start();
  }

  /** A new database name that says whose it is; PostgreSQL names stop at 63 bytes, so the middle is shortened. */
  public static String uniqueDatabaseName(String prefix, String owner) {
    String readable = owner.replaceAll("[^A-Za-z0-9]", "_");
    readable = readable.length() > 40 ? readable.substring(0, 40) : readable;
    return (prefix + readable + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
  }

  /** Creates an empty database on the primary, waits until the replica has it too, and returns its name. */
  public String createDatabase(String owner) {
    String name = uniqueDatabaseName("r_", owner);
    execute(primaryPort, "CREATE DATABASE " + name);
    if (primary == null) {
      // a shared server outlives this JVM: leave it as we found it
      Runtime.getRuntime().addShutdownHook(new Thread(() -> execute(primaryPort, "DROP DATABASE IF EXISTS " + name
          + " WITH (FORCE)"), "drop-" + name));
    }
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!databaseExistsOnReplica(name)) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("The replica did not receive database " + name + " within 30 s");
      }
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    return name;
  }

  public String primaryUrl(String database) {
    return "jdbc:postgresql://" + host + ":" + primaryPort + "/" + database;
  }

  public String replicaUrl(String database) {
    return "jdbc:postgresql://" + host + ":" + replicaPort + "/" + database;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  public int primaryPort() {
    return primaryPort;
  }

  public int replicaPort() {
    return replicaPort;
  }

  /**
   * The primary's and the replica's postmasters (their backends are their children), for CPU accounting: read from
   * each data directory's {@code postmaster.pid}, since pg_ctl detaches the servers from whoever started them.
   */
  public List<ProcessHandle> serverProcesses() {
    List<ProcessHandle> servers = new ArrayList<>();
    for (int port : List.of(primaryPort, replicaPort)) {
      try {
        String dataDirectory = java.util.Objects.requireNonNull(query(port, "postgres", "SHOW data_directory"));
        String pid = Files.readAllLines(Path.of(dataDirectory, "postmaster.pid")).get(0).strip();
        ProcessHandle.of(Long.parseLong(pid)).ifPresent(servers::add);
      }
      catch (SQLException | IOException ex) {
        throw new IllegalStateException("Could not find the PostgreSQL server on port " + port, ex);
      }
    }
    return servers;
  }

  /** Stops applying WAL on the replica: it stays up and answers, but falls behind the primary. */
  public void pauseReplay() {
    execute(replicaPort, "select pg_wal_replay_pause()");
  }

  public void resumeReplay() {
    execute(replicaPort, "select pg_wal_replay_resume()");
  }

  /**
   * Cuts the replica off from the primary the way a lost network or a wrong setting does: its WAL receiver stops,
   * it keeps answering with what it had (embedded pairs only: the machine's replica is shared).
   */
  public String cutOffReplica() {
    requireOwnReplica();
    try {
      String conninfo = java.util.Objects.requireNonNull(query(replicaPort, "postgres", "SHOW primary_conninfo"));
      execute(replicaPort, "ALTER SYSTEM SET primary_conninfo = ''");
      execute(replicaPort, "SELECT pg_reload_conf()");
      return conninfo;
    }
    catch (SQLException ex) {
      throw new IllegalStateException("Could not read the replica's primary_conninfo", ex);
    }
  }

  /** Connects a replica cut off by {@link #cutOffReplica} again; it catches up from its replication slot. */
  public void reconnectReplica(String conninfo) {
    requireOwnReplica();
    execute(replicaPort, "ALTER SYSTEM SET primary_conninfo = '" + conninfo.replace("'", "''") + "'");
    execute(replicaPort, "SELECT pg_reload_conf()");
  }

  /** Stops the replica server (embedded pairs only: the machine's replica is shared). */
  public void stopReplica() {
    try {
      requireOwnReplica().close();
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** Starts the stopped replica again on its old port; it catches up from its replication slot. */
  public void startReplica() {
    try {
      replica = startReplica(java.util.Objects.requireNonNull(replicaDir), replicaPort, true);
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private EmbeddedPostgres requireOwnReplica() {
    if (replica == null) {
      throw new IllegalStateException("Only an embedded pair (PostgresPair.startEmbedded()) can be stopped");
    }
    return replica;
  }

  private void awaitStreaming() throws SQLException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!"t".equals(query(replicaPort, "postgres", "select pg_is_in_recovery()"))) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("The replica is not in recovery after 30 s");
      }
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }

  private boolean databaseExistsOnReplica(String name) {
    try {
      return "1"
          .equals(query(replicaPort, "postgres", "select count(*) from pg_database where datname = '" + name + "'"));
    }
    catch (SQLException ex) {
      return false;
    }
  }

  private void execute(int port, String sql) {
    try {
      query(port, "postgres", sql);
    }
    catch (SQLException ex) {
      throw new IllegalStateException("Could not run '" + sql + "' on port " + port, ex);
    }
  }

  private @Nullable String query(int port, String database, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, user,
        password); Statement s = c.createStatement()) {
      if (!s.execute(sql)) {
        return null;
      }
      try (ResultSet rs = s.getResultSet()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static String single(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Override
  public void close() {
    try {
      if (replica != null) {
        replica.close();
      }
      if (primary != null) {
        primary.close();
      }
    }
    catch (IOException ignored) {
      // closing at the end of a test or of the JVM: nothing left to save
    }
    finally {
      if (replicaDir != null) {
        FileSystemUtils.deleteRecursively(replicaDir.toFile());
      }
    }
  }
}
