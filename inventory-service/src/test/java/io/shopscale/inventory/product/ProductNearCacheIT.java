package io.shopscale.inventory.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.events.Money;
import io.shopscale.inventory.InventoryServiceApplication;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Two instances of inventory-service on the same PostgreSQL, Redis and Kafka, each with its own near cache: the test
 * context is instance A, a second application context started here is instance B.
 *
 * <p>The near caches keep values for 10 minutes here, far past every wait in this class, so only the
 * {@code ProductChanged} invalidation can make B see A's write in time: without it these tests fail.
 */
@SpringBootTest(properties = ProductNearCacheIT.LONG_NEAR_TTL)
@ShopScaleInfrastructure({Server.POSTGRES, Server.REDIS, Server.KAFKA})
class ProductNearCacheIT {

  static final String LONG_NEAR_TTL = "shopscale.cache.caches.product.near.ttl=10m";
  private static final Duration SOON = Duration.ofSeconds(5);
  private static final Money OLD_PRICE = Money.of("10.00", "USD");
  private static final Money NEW_PRICE = Money.of("12.50", "USD");

  private static ConfigurableApplicationContext instanceB;

  @Autowired
  ProductService instanceA;

  @Autowired
  KafkaListenerEndpointRegistry listenersA;

  @Autowired
  Environment environment;

  @BeforeEach
  void startInstanceB() {
    if (instanceB == null) {
      instanceB = new SpringApplicationBuilder(InventoryServiceApplication.class).run(
          "--" + LONG_NEAR_TTL,
          "--spring.datasource.url=" + environment.getRequiredProperty("spring.datasource.url"),
          "--spring.datasource.username=" + environment.getRequiredProperty("spring.datasource.username"),
          "--spring.datasource.password=" + environment.getProperty("spring.datasource.password", ""),
          "--spring.datasource.hikari.maximum-pool-size=4",
          "--spring.data.redis.url=" + environment.getRequiredProperty("spring.data.redis.url"),
          "--shopscale.cache.key-prefix=" + environment.getRequiredProperty("shopscale.cache.key-prefix"),
          "--spring.kafka.bootstrap-servers=" + environment.getRequiredProperty("spring.kafka.bootstrap-servers"),
          "--shopscale.security.jwt.jwks-uri=" + environment.getRequiredProperty("shopscale.security.jwt.jwks-uri"),
          "--server.port=0",
          "--spring.main.banner-mode=off");
    }
    // auto.offset.reset=latest: an instance hears only what is published after its partitions are assigned
    awaitAssigned(listenersA);
    awaitAssigned(instanceB.getBean(KafkaListenerEndpointRegistry.class));
  }

  @AfterAll
  static void stopInstanceB() {
    if (instanceB != null) {
      instanceB.close();
    }
  }

  @Test
  void anotherInstanceServesTheNewPriceSoonAfterAWriteItHadCachedTheOldPriceOf() {
    // given: B has read the product, so its near cache holds the old price
    ProductView product = instanceA.create(draft("NEAR-PRICE-1", OLD_PRICE), 5);
    ProductService productsOnB = instanceB.getBean(ProductService.class);
    assertThat(productsOnB.find(product.id())).get().extracting(ProductView::price).isEqualTo(OLD_PRICE);
    // when: A changes the price
    instanceA.revise(product.id(), draft("NEAR-PRICE-1", NEW_PRICE), null);
    // then: B serves the new price well within its near cache's TTL
    await().atMost(SOON).untilAsserted(() -> assertThat(productsOnB.find(product.id())).get()
        .extracting(ProductView::price).isEqualTo(NEW_PRICE));
  }

  @Test
  void anotherInstanceSeesADeleteSoonAfterItHadCachedTheProduct() {
    // given
    ProductView product = instanceA.create(draft("NEAR-DELETE-1", OLD_PRICE), 5);
    ProductService productsOnB = instanceB.getBean(ProductService.class);
    assertThat(productsOnB.find(product.id())).isPresent();
    // when
    instanceA.delete(product.id());
    // then
    await().atMost(SOON).untilAsserted(() -> assertThat(productsOnB.find(product.id())).isEmpty());
  }

  @Test
  void repeatedReadsOnAnInstanceAreServedFromItsNearCacheWithoutAskingRedis() {
    // given: B has read the product once
    ProductView product = instanceA.create(draft("NEAR-HITS-1", OLD_PRICE), 5);
    ProductService productsOnB = instanceB.getBean(ProductService.class);
    productsOnB.find(product.id());
    MeterRegistry metersOnB = instanceB.getBean(MeterRegistry.class);
    double nearHits = count(metersOnB, "shopscale.cache.near.requests", "hit");
    double redisRequests = count(metersOnB, "shopscale.cache.requests", "hit")
        + count(metersOnB, "shopscale.cache.requests", "miss");
    // when: the product is read again, 10 times
    for (int i = 0; i < 10; i++) {
      assertThat(productsOnB.find(product.id())).get().extracting(ProductView::price).isEqualTo(OLD_PRICE);
    }
    // then: all 10 were near-cache hits, and none reached Redis
    assertThat(count(metersOnB, "shopscale.cache.near.requests", "hit") - nearHits).isEqualTo(10);
    assertThat(count(metersOnB, "shopscale.cache.requests", "hit")
        + count(metersOnB, "shopscale.cache.requests", "miss")).isEqualTo(redisRequests);
  }

  private static ProductDraft draft(String sku, Money price) {
    return new ProductDraft(sku, "Near " + sku, "", price);
  }

  private static double count(MeterRegistry meters, String name, String result) {
    return meters.get(name).tag("cache", "product").tag("result", result).counter().count();
  }

  private static void awaitAssigned(KafkaListenerEndpointRegistry listeners) {
    MessageListenerContainer container = listeners.getListenerContainer(ProductChangesListener.ID);
    assertThat(container).isNotNull();
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      var assigned = container.getAssignedPartitions();
      return assigned != null && !assigned.isEmpty();
    });
  }
}
