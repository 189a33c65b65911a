package io.shopscale.user.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import com.nimbusds.jwt.SignedJWT;
import io.shopscale.testsupport.TestPostgres;
import io.shopscale.testsupport.TestRedis;
import io.shopscale.user.OwnJwks;
import io.shopscale.user.TestSigningKey;
import io.shopscale.user.UserServiceApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Rotation as an operator does it: restart with the new key first and the old one still listed, then, once every
 * old token has expired, drop the old key. Each phase is a real restart of the service on the same database.
 */
class KeyRotationIT {

  private static final String OLD_KEY = TestSigningKey.pem(TestSigningKey.newKeyPair());
  private static final String NEW_KEY = TestSigningKey.pem(TestSigningKey.newKeyPair());

  private final HttpClient http = HttpClient.newHttpClient();
  private final String database = TestPostgres.get().createDatabase("KeyRotationIT");

  @Test
  void tokensSignedWithThePreviousKeyStayValidAndNewTokensUseTheNewKey() throws Exception {
    // given: tokens issued while key-1 signs
    String oldAccess;
    String oldRefresh;
    try (Service before = start(List.of(new Key("key-1", OLD_KEY)))) {
      assertThat(before.post("/api/users",
          "{\"email\":\"rotate@example.com\",\"password\":\"correct horse battery\",\"name\":\"Rotate\"}")
          .statusCode()).isEqualTo(201);
      String tokens = before.post("/api/auth/login",
          "{\"email\":\"rotate@example.com\",\"password\":\"correct horse battery\"}").body();
      oldAccess = JsonPath.read(tokens, "$.accessToken");
      oldRefresh = JsonPath.read(tokens, "$.refreshToken");
      assertThat(kid(oldAccess)).isEqualTo("key-1");
    }
    // when: the service restarts with key-2 in front and key-1 still listed
    try (Service rotated = start(List.of(new Key("key-2", NEW_KEY), new Key("key-1", OLD_KEY)))) {
      // then: nobody is logged out, and every new token is signed with key-2
      assertThat(rotated.get("/api/users/me", oldAccess).statusCode()).isEqualTo(200);
      assertThat(JsonPath.<List<String>>read(rotated.get("/.well-known/jwks.json", null).body(), "$.keys[*].kid"))
          .containsExactly("key-2", "key-1");
      String refreshed = rotated.post("/api/auth/refresh", "{\"refreshToken\":\"" + oldRefresh + "\"}").body();
      String newAccess = JsonPath.read(refreshed, "$.accessToken");
      assertThat(kid(newAccess)).isEqualTo("key-2");
      assertThat(rotated.get("/api/users/me", newAccess).statusCode()).isEqualTo(200);
    }
    // and once key-1 is retired, what it signed is refused
    try (Service retired = start(List.of(new Key("key-2", NEW_KEY)))) {
      assertThat(retired.get("/api/users/me", oldAccess).statusCode()).isEqualTo(401);
    }
  }

  private Service start(List<Key> keys) {
    int port = OwnJwks.freePort();
    List<String> args = new ArrayList<>(List.of(
        "--server.port=" + port,
        "--shopscale.security.jwt.jwks-uri=http://127.0.0.1:" + port + "/.well-known/jwks.json",
        "--spring.datasource.url=" + database,
        "--spring.datasource.username=" + TestPostgres.get().user(),
        "--spring.datasource.password=" + TestPostgres.get().password(),
        "--spring.datasource.hikari.maximum-pool-size=4",
        "--spring.data.redis.url=" + TestRedis.url(),
        "--shopscale.cache.key-prefix=test-" + UUID.randomUUID(),
        "--spring.main.banner-mode=off"));
    for (int i = 0; i < keys.size(); i++) {
      args.add("--shopscale.user.keys[" + i + "].kid=" + keys.get(i).kid());
      args.add("--shopscale.user.keys[" + i + "].private-key=" + keys.get(i).pem());
    }
    return new Service(new SpringApplicationBuilder(UserServiceApplication.class).run(args.toArray(String[]::new)),
        port);
  }

  private static String kid(String token) throws Exception {
    return SignedJWT.parse(token).getHeader().getKeyID();
  }

  private record Key(String kid, String pem) {
  }

  private final class Service implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final int port;

    Service(ConfigurableApplicationContext context, int port) {
      this.context = context;
      this.port = port;
    }

    HttpResponse<String> post(String path, String json) throws Exception {
      return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String accessToken) throws Exception {
      var request = HttpRequest.newBuilder(uri(path)).GET();
      if (accessToken != null) {
        request.header("Authorization", "Bearer " + accessToken);
      }
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
      return URI.create("http://127.0.0.1:" + port + path);
    }

    @Override
    public void close() {
      context.close();
    }
  }
}
