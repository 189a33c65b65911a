package io.shopscale.user;

import java.util.stream.Stream;

import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import io.shopscale.testsupport.TestRun;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./mvnw -pl user-service spring-boot:test-run}: this service alone, on the servers the tests use
 * ({@link TestRun}).
 */
final class TestUserServiceApplication {

  private TestUserServiceApplication() {
  }

  public static void main(String[] args) {
    start(args);
  }

  static ConfigurableApplicationContext start(String... args) {
    // the local profile: a throw-away signing key and the seeded admin; tokens checked against its own JWKS
    String[] withDefaults = Stream.concat(Stream.of("--spring.profiles.active=local",
        "--shopscale.security.jwt.jwks-uri=http://localhost:${server.port}/.well-known/jwks.json"),
        Stream.of(args)).toArray(String[]::new);
    return TestRun.start(UserServiceApplication.class, withDefaults,
        Server.POSTGRES_WITH_REPLICA, Server.REDIS, Server.KAFKA);
  }
}
