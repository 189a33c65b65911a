package io.shopscale.inventory.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.events.Money;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

@SpringBootTest
@AutoConfigureMockMvc
@ShopScaleInfrastructure
class ProductCacheIT {

  private static final int BURST = 50;

  @Autowired
  ProductService products;

  @Autowired
  MockMvcTester mvc;

  @Autowired
  StringRedisTemplate redis;

  @Autowired
  DataSource dataSource;

  @Autowired
  JdbcClient jdbc;

  @Autowired
  MeterRegistry meters;

  @Value("${shopscale.cache.key-prefix}")
  String keyPrefix;

  @Test
  void aBurstOfConcurrentMissesForOneProductRunsOneDatabaseQuery() throws Exception {
    // given: a product that is not in the cache, and its table locked so the first query has to wait
    ProductView product = products.create(new ProductDraft("SKU-FLIGHT-1", "Flight", "", Money.of("1.00", "USD")), 5);
    redis.delete(keyPrefix + ":product:" + product.id());
    double loadsBefore = loads();
    var start = new CountDownLatch(1);
    List<Thread> readers = new ArrayList<>();
    List<Future<Integer>> statuses = new ArrayList<>();
    try (Connection lock = dataSource.getConnection()) {
      lock.setAutoCommit(false);
      try (Statement statement = lock.createStatement()) {
        statement.execute("LOCK TABLE products IN ACCESS EXCLUSIVE MODE");
      }
      // when: a burst of readers misses the cache at once
      for (int i = 0; i < BURST; i++) {
        var read = new FutureTask<>(() -> {
          start.await();
          return mvc.get().uri("/api/products/" + product.id()).exchange().getResponse().getStatus();
        });
        statuses.add(read);
        Thread reader = new Thread(read, "reader-" + i);
        readers.add(reader);
        reader.start();
      }
      start.countDown();
      // then: while the lock holds, PostgreSQL sees exactly one query waiting and every other reader is parked
      // on that query's result inside the service
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        assertThat(queriesWaitingForTheLock()).isEqualTo(1);
        assertThat(readers.stream().filter(t -> t.getState() == Thread.State.WAITING).count())
            .isEqualTo(BURST - 1);
      });
      lock.commit();
    }
    for (Future<Integer> status : statuses) {
      assertThat(status.get(20, TimeUnit.SECONDS)).isEqualTo(200);
    }
    assertThat(loads() - loadsBefore).isEqualTo(1.0);
  }

  @Test
  void aRequestForAFreshAnswerReadsThePrimaryPastAStaleCachedPriceAndRepairsTheCache() {
    // given
    ProductView product = repricedWithoutWriteThrough("SKU-STALE-1");
    // when: a client asks for a fresh answer
    var fresh = mvc.get().uri("/api/products/" + product.id()).header("Cache-Control", "no-cache").exchange();
    // then: the current price, from the primary
    assertThat(fresh).hasStatusOk().bodyJson().extractingPath("$.price.amount").isEqualTo("7.00");
    // and browsing sees it from now on too
    assertThat(mvc.get().uri("/api/products/" + product.id()).exchange()).bodyJson()
        .extractingPath("$.price.amount").isEqualTo("7.00");
  }

  @Test
  void thePricesAnOrderIsChargedComeFromThePrimaryPastAStaleCachedPrice() {
    // given
    ProductView product = repricedWithoutWriteThrough("SKU-STALE-2");
    // when: order-service prices an order
    var prices = mvc.get().uri("/api/products/prices?ids=" + product.id()).exchange();
    // then
    assertThat(prices).hasStatusOk().bodyJson().extractingPath("$.prices[0].price.amount").isEqualTo("7.00");
  }

  @Test
  void anUnknownProductIsRememberedAsAbsent() {
    var unknown = java.util.UUID.randomUUID();
    double loadsBefore = loads();
    assertThat(mvc.get().uri("/api/products/" + unknown).exchange()).hasStatus(404);
    assertThat(mvc.get().uri("/api/products/" + unknown).exchange()).hasStatus(404);
    assertThat(loads() - loadsBefore).isEqualTo(1.0);
    // and a create replaces the remembered absence at once
  }

  @Test
  void cachedEntriesExpireAfterAJitteredTtl() {
    List<Long> ttls = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ProductView product = products.create(new ProductDraft("SKU-TTL-" + i, "Ttl " + i, "",
          Money.of("1.00", "USD")), 1);
      ttls.add(redis.getExpire(keyPrefix + ":product:" + product.id(), TimeUnit.MILLISECONDS));
    }
    // defaults: 10 min +- 20 %
    assertThat(ttls).allSatisfy(ttl -> assertThat(ttl).isBetween(479_000L, 720_000L));
    assertThat(ttls.stream().distinct().count()).isGreaterThan(1);
  }

  /**
   * A cached product repriced from 5.00 to 7.00 by a commit that never reached Redis (the pod died before its
   * write-through), so the cache still serves 5.00, an older version than the database's.
   */
  private ProductView repricedWithoutWriteThrough(String sku) {
    ProductView product = products.create(new ProductDraft(sku, "Stale", "", Money.of("5.00", "USD")), 3);
    jdbc.sql("UPDATE products SET price_amount = 7.00, version = version + 1 WHERE id = ?").param(product.id())
        .update();
    assertThat(mvc.get().uri("/api/products/" + product.id()).exchange()).bodyJson()
        .extractingPath("$.price.amount").isEqualTo("5.00");
    return product;
  }

  private double loads() {
    var counter = meters.find("shopscale.cache.loads").tag("cache", "product").counter();
    return counter == null ? 0 : counter.count();
  }

  private int queriesWaitingForTheLock() {
    return jdbc.sql("""
        SELECT count(*) FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%from products%'
        """).query(Integer.class).single();
  }
}
