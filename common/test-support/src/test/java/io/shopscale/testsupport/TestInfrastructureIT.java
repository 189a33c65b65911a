package io.shopscale.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The shared test servers are real and usable with plain clients, without Spring. */
class TestInfrastructureIT {

  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @Test
  void everyCreatedDatabaseIsAnEmptyDatabaseOfItsOwnOnARealServer() throws SQLException {
    // given
    TestPostgres postgres = TestPostgres.get();
    // when
    String firstUrl = postgres.createDatabase("TestInfrastructureIT");
    String secondUrl = postgres.createDatabase("TestInfrastructureIT");
    // then
    assertThat(firstUrl).isNotEqualTo(secondUrl);
    try (Connection first = DriverManager.getConnection(firstUrl, postgres.user(), postgres.password());
        Connection second = DriverManager.getConnection(secondUrl, postgres.user(), postgres.password())) {
      assertThat(queryString(first, "select version()")).startsWith("PostgreSQL");
      assertThat(queryString(first, "select current_database()"))
          .isNotEqualTo(queryString(second, "select current_database()"));
      assertThat(publicTables(first)).isZero();
      assertThat(publicTables(second)).isZero();
      // and: a table created in one is absent in the other
      try (Statement statement = first.createStatement()) {
        statement.execute("create table probe (id bigint primary key)");
      }
      assertThat(publicTables(first)).isEqualTo(1);
      assertThat(publicTables(second)).isZero();
    }
  }

  @Test
  void redisAnswersPingAtItsUrl() {
    // given
    try (RedisClient client = RedisClient.create(TestRedis.url());
        StatefulRedisConnection<String, String> connection = client.connect()) {
      // when
      String reply = connection.sync().ping();
      // then
      assertThat(reply).isEqualTo("PONG");
    }
  }

  @Test
  void kafkaDeliversARecordProducedToANewTopicToAConsumer() throws Exception {
    // given: a new topic on the shared broker
    String bootstrap = TestKafka.bootstrapServers();
    String topic = "test-infrastructure-" + UUID.randomUUID();
    Map<String, Object> adminConfig = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(adminConfig)) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all()
          .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }
    // when
    Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
        new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "order-1", "{\"hello\":\"kafka\"}"))
          .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }
    // then
    Map<String, Object> consumerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "test-infrastructure-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, String>> received = new CopyOnWriteArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
        new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      await().atMost(DEADLINE).pollInSameThread().pollInterval(Duration.ofMillis(10)).until(() -> {
        consumer.poll(Duration.ofMillis(250)).forEach(received::add);
        return !received.isEmpty();
      });
    }
    assertThat(received).singleElement().satisfies(message -> {
      assertThat(message.key()).isEqualTo("order-1");
      assertThat(message.value()).isEqualTo("{\"hello\":\"kafka\"}");
    });
  }

  @Test
  void jwksUriServesTheIssuersPublicRsaKey() throws Exception {
    // given
    URI jwksUri = TestJwtIssuer.get().jwksUri();
    // when
    HttpResponse<String> response = fetch(jwksUri);
    // then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    String kid = JsonPath.read(response.body(), "$.keys[0].kid");
    String kty = JsonPath.read(response.body(), "$.keys[0].kty");
    Map<String, Object> key = JsonPath.read(response.body(), "$.keys[0]");
    assertThat(kid).isEqualTo("test-key-1");
    assertThat(kty).isEqualTo("RSA");
    assertThat(key).containsKeys("n", "e").doesNotContainKeys("d", "p", "q", "dp", "dq", "qi");
  }

  @Test
  void issuedTokensVerifyWithTheKeyTheJwksServes() throws Exception {
    // given
    TestJwtIssuer issuer = TestJwtIssuer.get();
    JWKSet published = JWKSet.parse(fetch(issuer.jwksUri()).body());
    // when
    SignedJWT token = SignedJWT.parse(issuer.customer("user-1"));
    SignedJWT forged = SignedJWT.parse(issuer.token().signedByStranger().sign());
    // then
    var verifier = new RSASSAVerifier(published.getKeyByKeyId("test-key-1").toRSAKey());
    assertThat(token.getHeader().getKeyID()).isEqualTo("test-key-1");
    assertThat(token.verify(verifier)).isTrue();
    assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo("user-1");
    assertThat(forged.verify(verifier)).isFalse();
    assertThat(published.getKeyByKeyId(forged.getHeader().getKeyID())).isNull();
  }

  private static HttpResponse<String> fetch(URI uri) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String queryString(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
      assertThat(rows.next()).isTrue();
      return rows.getString(1);
    }
  }

  private static long publicTables(Connection connection) throws SQLException {
    return Long.parseLong(queryString(connection, "select count(*) from pg_tables where schemaname = 'public'"));
  }
}
