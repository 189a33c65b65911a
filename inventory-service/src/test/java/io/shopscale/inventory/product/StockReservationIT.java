package io.shopscale.inventory.product;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.shopscale.events.Money;
import io.shopscale.events.StockLine;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@SpringBootTest
@ShopScaleInfrastructure
class StockReservationIT {

  @Autowired
  ProductService products;

  @Autowired
  JdbcClient jdbc;

  @Autowired
  TransactionTemplate tx;

  @Autowired
  StringRedisTemplate redis;

  @Value("${shopscale.cache.key-prefix}")
  String keyPrefix;

  @Test
  void fiftyConcurrentReservationsAgainstStockOfTenLetExactlyTenThrough() throws Exception {
    // given
    ProductView product = products.create(new ProductDraft("SKU-RACE-1", "Race", "", Money.of("5.00", "USD")), 10);
    var start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(50);
    List<Future<Boolean>> outcomes = new ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) {
        Callable<Boolean> reserveOne = () -> {
          start.await();
          return products.reserve(List.of(new StockLine(product.id(), 1))).isEmpty();
        };
        outcomes.add(pool.submit(reserveOne));
      }
      // when
      start.countDown();
      int granted = 0;
      for (Future<Boolean> outcome : outcomes) {
        granted += outcome.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      // then
      assertThat(granted).isEqualTo(10);
    }
    finally {
      pool.shutdownNow();
    }
    assertThat(stockInDatabase(product)).isZero();
    assertThat(products.find(product.id())).get().extracting(ProductView::availableQuantity).isEqualTo(0);
  }

  @Test
  void aReservationLargerThanTheStockChangesNothing() {
    ProductView product = products.create(new ProductDraft("SKU-RACE-2", "Big", "", Money.of("5.00", "USD")), 3);
    assertThat(products.reserve(List.of(new StockLine(product.id(), 4)))).containsExactly(product.id());
    assertThat(stockInDatabase(product)).isEqualTo(3);
    assertThat(products.reserve(List.of(new StockLine(product.id(), 3)))).isEmpty();
    products.release(List.of(new StockLine(product.id(), 2)));
    assertThat(stockInDatabase(product)).isEqualTo(2);
    assertThat(products.find(product.id())).get().extracting(ProductView::availableQuantity).isEqualTo(2);
  }

  @Test
  void oneShortLineTakesNoStockFromTheOtherLines() {
    // given
    ProductView plenty = products.create(new ProductDraft("SKU-ALL-1", "Plenty", "", Money.of("5.00", "USD")), 10);
    ProductView scarce = products.create(new ProductDraft("SKU-ALL-2", "Scarce", "", Money.of("5.00", "USD")), 1);
    UUID unknown = UUID.randomUUID();
    // when: the same product twice counts together (2 + 1 > 1)
    List<UUID> unavailable = products.reserve(List.of(new StockLine(plenty.id(), 4), new StockLine(scarce.id(), 1),
        new StockLine(unknown, 1), new StockLine(scarce.id(), 1)));
    // then
    assertThat(unavailable).containsExactly(scarce.id(), unknown);
    assertThat(stockInDatabase(plenty)).isEqualTo(10);
    assertThat(stockInDatabase(scarce)).isEqualTo(1);
  }

  @Test
  void stockChangesReachTheCacheOnlyWhenTheirTransactionCommits() {
    // given: a product whose view is cached
    ProductView product = products.create(new ProductDraft("SKU-TX-1", "Tx", "", Money.of("5.00", "USD")), 5);
    assertThat(products.find(product.id())).contains(product);
    // when: a reservation inside a transaction that then rolls back
    tx.executeWithoutResult(status -> {
      assertThat(products.reserve(List.of(new StockLine(product.id(), 2)))).isEmpty();
      // then: not even the transaction's own reader sees it in the cache before the commit
      assertThat(products.find(product.id())).contains(product);
      status.setRollbackOnly();
    });
    // then: neither the database nor the cache changed
    assertThat(stockInDatabase(product)).isEqualTo(5);
    assertThat(cachedEntry(product)).startsWith(product.version() + "|");
    assertThat(products.find(product.id())).contains(product);
    // and when the same reservation commits, the cache holds the new stock and version at once
    tx.executeWithoutResult(status -> assertThat(products.reserve(List.of(new StockLine(product.id(), 2)))).isEmpty());
    assertThat(cachedEntry(product)).startsWith((product.version() + 1) + "|");
    assertThat(products.find(product.id())).get().extracting(ProductView::availableQuantity).isEqualTo(3);
  }

  private String cachedEntry(ProductView product) {
    return redis.opsForValue().get(keyPrefix + ":product:" + product.id());
  }

  private int stockInDatabase(ProductView product) {
    return jdbc.sql("SELECT available_quantity FROM products WHERE id = ?").param(product.id())
        .query(Integer.class).single();
  }
}
