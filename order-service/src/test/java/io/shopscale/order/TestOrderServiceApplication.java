package io.shopscale.order;

import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import io.shopscale.testsupport.TestRun;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./mvnw -pl order-service spring-boot:test-run}: this service alone, on the servers the tests use
 * ({@link TestRun}).
 */
final class TestOrderServiceApplication {

  private TestOrderServiceApplication() {
  }

  public static void main(String[] args) {
    start(args);
  }

  static ConfigurableApplicationContext start(String... args) {
    return TestRun.start(OrderServiceApplication.class, args,
        Server.POSTGRES_WITH_REPLICA, Server.REDIS, Server.KAFKA);
  }
}
