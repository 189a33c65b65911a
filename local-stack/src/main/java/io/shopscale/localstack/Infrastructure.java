package io.shopscale.localstack;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.shopscale.embedded.KafkaProcess;
import io.shopscale.embedded.PostgresPair;
import io.shopscale.embedded.RedisProcess;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL (primary + streaming replica), Redis and Kafka: embedded in this JVM on fixed ports that stay clear of
 * the usual servers, or the machine's own when {@code SHOPSCALE_POSTGRES_URL}, {@code SHOPSCALE_REDIS_URL} or
 * {@code SHOPSCALE_KAFKA_BOOTSTRAP} name them.
 */
final class Infrastructure implements AutoCloseable {

  private final List<AutoCloseable> owned = new ArrayList<>();
  private String postgresUrl = "";
  private @Nullable String replicaUrl;
  private String postgresUser = "postgres";
  private String postgresPassword = "";
  private String redisUrl = "";
  private String kafkaBootstrap = "";
  private volatile @Nullable RedisProcess redis;
  private volatile @Nullable KafkaProcess kafka;
  private volatile @Nullable PostgresPair postgresPair;
  private CompletableFuture<Void> kafkaStarted = CompletableFuture.completedFuture(null);
  private boolean closed;

  /**
   * Starts what is not given. Redis first, alone: embedded-redis writes its binary out on every start and a fork by
   * another thread meanwhile (zonky runs initdb and pg_ctl) can make executing it fail with "text file busy"; it
   * takes a fraction of a second. Then PostgreSQL and Kafka in parallel. A {@link #close()} meanwhile (Ctrl-C) also
   * stops the servers that finish starting after it.
   */
  void start(Progress progress) {
    redis(progress);
    // The services are given the broker's address before it is up (they connect once it is), so they start while
    // it does; awaitKafka() before the stack is called ready. A thread of our own carries the launcher's class
    // loader as its context class loader (the common pool's threads do not on Java 25), and Kafka loads the
    // classes named in its configuration through it.
    String given = Env.get("SHOPSCALE_KAFKA_BOOTSTRAP");
    kafkaBootstrap = given != null ? given : "127.0.0.1:" + Env.integer("SHOPSCALE_KAFKA_PORT", 19092);
    kafkaStarted = CompletableFuture.runAsync(() -> kafka(progress),
        task -> Thread.ofPlatform().name("start-kafka").start(task));
    postgres(progress);
    createDatabases();
  }

  /** Returns once the broker is up (or was given), or throws why it did not start. */
  void awaitKafka() {
    try {
      kafkaStarted.join();
    }
    catch (CompletionException ex) {
      throw ex.getCause() instanceof RuntimeException cause ? cause : ex;
    }
  }

  private void postgres(Progress progress) {
    String given = Env.get("SHOPSCALE_POSTGRES_URL");
    if (given != null) {
      postgresUrl = given;
      replicaUrl = Env.get("SHOPSCALE_POSTGRES_REPLICA_URL");
      postgresUser = Env.get("SHOPSCALE_POSTGRES_USER", "postgres");
      postgresPassword = Env.get("SHOPSCALE_POSTGRES_PASSWORD", "");
      progress.done("postgresql",
          "using " + given + (replicaUrl == null ? " (no replica: reads go to the primary)" : ""));
      return;
    }
    long started = System.nanoTime();
    PostgresPair pair = PostgresPair.startEmbedded(Env.integer("SHOPSCALE_PG_PORT", 15432),
        Env.integer("SHOPSCALE_PG_REPLICA_PORT", 15433));
    owned(pair);
    postgresPair = pair;
    postgresUrl = pair.primaryUrl("postgres");
    replicaUrl = pair.replicaUrl("postgres");
    progress.done("postgresql", "primary :" + pair.primaryPort() + ", streaming replica :" + pair.replicaPort(),
        started);
  }

  private void redis(Progress progress) {
    String given = Env.get("SHOPSCALE_REDIS_URL");
    if (given != null) {
      redisUrl = given;
      progress.done("redis", "using " + given);
      return;
    }
    long started = System.nanoTime();
    RedisProcess redis = RedisProcess.start(Env.integer("SHOPSCALE_REDIS_PORT", 16379));
    owned(redis);
    this.redis = redis;
    redisUrl = redis.url();
    progress.done("redis", ":" + redis.port(), started);
  }

  private void kafka(Progress progress) {
    if (Env.get("SHOPSCALE_KAFKA_BOOTSTRAP") != null) {
      progress.done("kafka", "using " + kafkaBootstrap);
      return;
    }
    long started = System.nanoTime();
    KafkaProcess kafka = KafkaProcess.start(Env.integer("SHOPSCALE_KAFKA_PORT", 19092),
        Env.integer("SHOPSCALE_KAFKA_CONTROLLER_PORT", 19093));
    owned(kafka);
    this.kafka = kafka;
    progress.done("kafka", "KRaft broker " + kafka.bootstrapServers(), started);
  }

  private synchronized void owned(AutoCloseable server) {
    if (closed) {
      closeQuietly(server);
    }
    else {
      owned.add(server);
    }
  }

  /** One database and one login per service, as in production; idempotent so a machine's server can be reused. */
  private void createDatabases() {
    try (Connection c = DriverManager.getConnection(postgresUrl, postgresUser, postgresPassword);
        Statement s = c.createStatement()) {
      for (String database : Service.DATABASES) {
        if (!exists(c, "select 1 from pg_roles where rolname = ?", database)) {
          // the password is the name: local only, and the same default the services' application.yml uses
          s.execute("CREATE ROLE " + database + " LOGIN PASSWORD '" + database + "'");
        }
        if (!exists(c, "select 1 from pg_database where datname = ?", database)) {
          s.execute("CREATE DATABASE " + database + " OWNER " + database);
        }
      }
    }
    catch (SQLException ex) {
      throw new IllegalStateException("Could not create the databases on " + postgresUrl, ex);
    }
  }

  private static boolean exists(Connection c, String sql, String name) throws SQLException {
    try (PreparedStatement query = c.prepareStatement(sql)) {
      query.setString(1, name);
      try (ResultSet rs = query.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** The servers this launcher owns (null: given in the environment), for the chaos controls. */
  @Nullable
  RedisProcess redis() {
    return redis;
  }

  /** Null also until it has started: call after {@link #awaitKafka()}. */
  @Nullable
  KafkaProcess kafka() {
    return kafka;
  }

  @Nullable
  PostgresPair postgres() {
    return postgresPair;
  }

  /** What a service needs to find the servers and its own database. */
  Map<String, String> environmentFor(Service service) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("REDIS_URL", redisUrl);
    env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
    String database = service.database();
    if (database != null) {
      env.put(service.prefix() + "_DB_URL", withDatabase(postgresUrl, database));
      env.put(service.prefix() + "_DB_USER", database);
      env.put(service.prefix() + "_DB_PASSWORD", database);
      if (replicaUrl != null) {
        env.put("SHOPSCALE_DATASOURCE_REPLICAS_0_URL", withDatabase(replicaUrl, database));
      }
    }
    return env;
  }

  /** The addresses worth printing, name → address. */
  Map<String, String> addresses() {
    Map<String, String> addresses = new LinkedHashMap<>();
    addresses.put("PostgreSQL", withDatabase(postgresUrl, "<db>") + (replicaUrl == null
        ? ""
        : "  replica " + withDatabase(replicaUrl, "<db>")) + "  (user = password = db name)");
    addresses.put("Redis", redisUrl);
    addresses.put("Kafka", kafkaBootstrap);
    return addresses;
  }

  /** The same server with another database: {@code jdbc:postgresql://host:port/x?y} → {@code .../database?y}. */
  static String withDatabase(String jdbcUrl, String database) {
    URI uri = URI.create(jdbcUrl.replaceFirst("^jdbc:", ""));
    return "jdbc:postgresql://" + uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : 5432) + "/" + database
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  /** {@code tcp:host:port} per server, for {@code ./shopscale status}. */
  Map<String, String> checks() {
    Map<String, String> checks = new LinkedHashMap<>();
    checks.put("postgresql", tcp(postgresUrl.replaceFirst("^jdbc:", ""), 5432));
    if (replicaUrl != null) {
      checks.put("postgresql-replica", tcp(replicaUrl.replaceFirst("^jdbc:", ""), 5432));
    }
    checks.put("redis", tcp(redisUrl, 6379));
    checks.put("kafka", tcp("kafka://" + kafkaBootstrap.split(",")[0], 9092));
    return checks;
  }

  private static String tcp(String url, int defaultPort) {
    URI uri = URI.create(url);
    return "tcp:" + uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : defaultPort);
  }

  /** Stops what this JVM started, newest first. */
  @Override
  public synchronized void close() {
    closed = true;
    for (int i = owned.size() - 1; i >= 0; i--) {
      closeQuietly(owned.get(i));
    }
    owned.clear();
  }

  private static void closeQuietly(AutoCloseable server) {
    try {
      server.close();
    }
    catch (Exception ex) {
      System.err.println("Could not stop " + server.getClass().getSimpleName() + ": " + ex);
    }
  }
}
