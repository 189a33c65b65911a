package io.shopscale.inventory;

import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import io.shopscale.testsupport.TestRun;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./mvnw -pl inventory-service spring-boot:test-run}: this service alone, on the servers the tests use
 * ({@link TestRun}).
 */
final class TestInventoryServiceApplication {

  private TestInventoryServiceApplication() {
  }

  public static void main(String[] args) {
    start(args);
  }

  static ConfigurableApplicationContext start(String... args) {
    return TestRun.start(InventoryServiceApplication.class, args,
        Server.POSTGRES_WITH_REPLICA, Server.REDIS, Server.KAFKA);
  }
}
