package io.shopscale.payment;

import java.util.stream.Stream;

import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import io.shopscale.testsupport.TestRun;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./mvnw -pl payment-service spring-boot:test-run}: this service alone, on the servers the tests use
 * ({@link TestRun}).
 */
final class TestPaymentServiceApplication {

  private TestPaymentServiceApplication() {
  }

  public static void main(String[] args) {
    start(args);
  }

  static ConfigurableApplicationContext start(String... args) {
    // the local profile: the simulated provider's test cards (tok_declined, tok_slow, ...)
    String[] withDefaults = Stream.concat(Stream.of("--spring.profiles.active=local"), Stream.of(args))
        .toArray(String[]::new);
    return TestRun.start(PaymentServiceApplication.class, withDefaults,
        Server.POSTGRES_WITH_REPLICA, Server.REDIS, Server.KAFKA);
  }
}
