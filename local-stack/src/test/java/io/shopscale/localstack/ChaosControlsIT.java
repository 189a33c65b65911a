package io.shopscale.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.shopscale.embedded.KafkaProcess;
import io.shopscale.embedded.PostgresPair;
import io.shopscale.embedded.RedisProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's chaos controls against real servers of the test's own (Redis, a KRaft broker, a PostgreSQL primary
 * with its streaming replica), driven the way {@code ./shopscale chaos} and the console drive them: HTTP on loopback
 * with the token from the control file.
 */
class ChaosControlsIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static RedisProcess redis;
  private static KafkaProcess kafka;
  private static PostgresPair postgres;
  private static ControlServer control;
  private static final List<String> switched = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    redis = RedisProcess.start();
    kafka = KafkaProcess.start();
    postgres = PostgresPair.startEmbedded();
    control = ControlServer.start(0);
    control.serve(new ChaosControls(redis, kafka, postgres, new NoServices(), new ChaosControls.Switches() {
      @Override
      public void payments(String behaviour) {
        switched.add("payments " + behaviour);
      }

      @Override
      public void productReads(String behaviour) {
        switched.add("product reads " + behaviour);
      }
    }));
  }

  @AfterAll
  static void stop() {
    control.close();
    postgres.close();
    kafka.close();
    redis.close();
  }

  @Test
  void redisDownStopsTheServerAndSaysWhatToWatchAndUpBringsItBack() {
    HttpResponse<String> down = post("redis/down");

    assertThat(down.statusCode()).isEqualTo(200);
    assertThat(down.body()).contains("Watch /console", "cache errors", "./shopscale chaos redis up");
    assertThat(answersPing(redis.port())).isFalse();
    assertThat(get("").body()).contains("\"redis\":\"down\"");
    assertThat(get("status").body()).startsWith("Broken:").contains("redis");

    assertThat(post("redis/up").statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> answersPing(redis.port()));
    assertThat(get("").body()).contains("\"redis\":\"up\"");
  }

  @Test
  void replicaPauseStopsReplayAndCutStopsTheWalReceiverUntilRestored() throws SQLException {
    assertThat(post("replica/pause").body()).contains("replica lag");
    assertThat(onReplica("select pg_is_wal_replay_paused()")).isEqualTo("t");
    assertThat(get("").body()).contains("\"replica\":\"replay paused");

    post("replica/resume");
    assertThat(onReplica("select pg_is_wal_replay_paused()")).isEqualTo("f");

    assertThat(post("replica/cut").statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(20)).until(() -> onReplica("select count(*) from pg_stat_wal_receiver"),
        "0"::equals);
    assertThat(get("").body()).contains("\"replica\":\"cut off");

    post("replica/restore");
    await().atMost(Duration.ofSeconds(20)).until(() -> onReplica("select count(*) from pg_stat_wal_receiver"),
        "1"::equals);
    assertThat(get("").body()).contains("\"replica\":\"streaming\"");
  }

  @Test
  void kafkaDownStopsTheBrokerAndUpStartsItWithItsData() throws Exception {
    assertThat(post("kafka/down").body()).contains("outbox backlog");
    assertThat(brokerAnswers()).isFalse();

    post("kafka/up");
    assertThat(brokerAnswers()).isTrue();
    assertThat(get("").body()).contains("\"kafka\":\"up\"");
  }

  @Test
  void paymentsAndInventoryTurnTheServicesSwitches() {
    assertThat(post("payments/failing").body()).contains("breaker");
    assertThat(post("inventory/slow").body()).contains("503 + Retry-After");
    assertThat(get("").body()).contains("\"payments\":\"failing", "\"inventory\":\"slow product reads");

    post("payments/normal");
    post("inventory/normal");

    assertThat(switched).containsSubsequence("payments FAILING", "product reads SLOW", "payments NORMAL",
        "product reads NORMAL");
    assertThat(get("").body()).contains("\"payments\":\"normal\"", "\"inventory\":\"normal\"");
  }

  @Test
  void anUnknownCommandIsABadRequestListingTheCommands() {
    HttpResponse<String> answer = post("redis/sideways");

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("usage: ./shopscale chaos", "replica pause|resume|cut|restore");
    assertThat(post("service/no-such-service/kill").statusCode()).isEqualTo(400);
  }

  @Test
  void aServerTheLauncherDoesNotOwnIsLeftAlone() {
    var controls = new ChaosControls(null, null, null, new NoServices(), new ChaosControls.Switches() {
      @Override
      public void payments(String behaviour) {
      }

      @Override
      public void productReads(String behaviour) {
      }
    });

    org.assertj.core.api.Assertions.assertThatIllegalStateException().isThrownBy(() -> controls.apply("redis", "down"))
        .withMessageContaining("SHOPSCALE_REDIS_URL");
    assertThat(controls.states()).containsEntry("redis", "not ours").containsEntry("kafka", "not ours");
  }

  @Test
  void refusesRequestsWithoutTheTokenAndWritesTheTokenForItsOwnerOnly(@TempDir Path dir) throws Exception {
    HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(control.url() + "/chaos/redis/down"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(answersPing(redis.port())).isTrue();
    assertThat(control.url()).startsWith("http://127.0.0.1:");

    Path file = dir.resolve("control");
    control.writeTo(file);
    assertThat(Files.readString(file)).contains("url=" + control.url(), "token=" + control.token());
    assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
        PosixFilePermission.OWNER_WRITE);
  }

  private static HttpResponse<String> post(String command) {
    return send(HttpRequest.newBuilder(URI.create(control.url() + "/chaos/" + command))
        .POST(HttpRequest.BodyPublishers.noBody()));
  }

  private static HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(control.url() + "/chaos" + (path.isEmpty() ? "" : "/" + path))));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.header("Authorization", "Bearer " + control.token()).timeout(Duration.ofSeconds(60))
          .build(), HttpResponse.BodyHandlers.ofString());
    }
    catch (IOException ex) {
      throw new java.io.UncheckedIOException(ex);
    }
    catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ex);
    }
  }

  private static boolean answersPing(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      socket.setSoTimeout(1000);
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] reply = new byte[7];
      int read = socket.getInputStream().read(reply);
      return read > 0 && new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
    }
    catch (IOException ex) {
      return false;
    }
  }

  private static boolean brokerAnswers() throws InterruptedException {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
    try (Admin admin = Admin.create(config)) {
      admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
      return true;
    }
    catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
      return false;
    }
  }

  private static String onReplica(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(postgres.replicaUrl("postgres"), postgres.user(),
        postgres.password()); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** A stack without services: service kill|start is the launcher's own and tested by running it. */
  private static final class NoServices implements ChaosControls.Services {

    @Override
    public boolean kill(String name) {
      return false;
    }

    @Override
    public boolean start(String name) {
      return false;
    }

    @Override
    public Map<String, String> states() {
      return Map.of();
    }
  }
}
