package io.shopscale.inventory.product;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.shopscale.events.Money;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

@SpringBootTest
@ShopScaleInfrastructure
class StockReservationIT {

  @Autowired
  ProductService products;

  @Autowired
  JdbcClient jdbc;

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
          return products.reserve(product.id(), 1);
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
    assertThat(products.reserve(product.id(), 4)).isFalse();
    assertThat(stockInDatabase(product)).isEqualTo(3);
    assertThat(products.reserve(product.id(), 3)).isTrue();
    products.release(product.id(), 2);
    assertThat(stockInDatabase(product)).isEqualTo(2);
    assertThat(products.find(product.id())).get().extracting(ProductView::availableQuantity).isEqualTo(2);
  }

  private int stockInDatabase(ProductView product) {
    return jdbc.sql("SELECT available_quantity FROM products WHERE id = ?").param(product.id())
        .query(Integer.class).single();
  }
}
