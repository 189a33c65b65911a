package io.shopscale.inventory.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.events.Money;
import io.shopscale.embedded.RedisProcess;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import io.shopscale.testsupport.TestJwtIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Redis is a cache, not a dependency: with the real server stopped, the catalog keeps answering from PostgreSQL. The
 * near cache is off here: this is about the Redis level, whose hits would otherwise be the near cache's.
 */
@SpringBootTest(properties = "shopscale.cache.caches.product.near.enabled=false")
@AutoConfigureMockMvc
@ShopScaleInfrastructure(Server.POSTGRES)
class ProductCacheRedisOutageIT {

  // our own Redis process: stopping the shared one would break every other test
  static final RedisProcess redisServer = RedisProcess.start();

  @DynamicPropertySource
  static void redis(DynamicPropertyRegistry registry) {
    registry.add("spring.data.redis.url", redisServer::url);
  }

  @AfterAll
  static void stopRedis() {
    redisServer.close();
  }

  @Autowired
  MockMvcTester mvc;

  @Autowired
  ProductService products;

  @Autowired
  MeterRegistry meters;

  private final String admin = "Bearer " + TestJwtIssuer.get().admin("admin-1");

  @Test
  void readsAndWritesSucceedWhileRedisIsDownAndNoStaleValueSurvivesItsReturn() throws Exception {
    // given: a product cached in Redis
    ProductView product = products.create(new ProductDraft("SKU-OUTAGE-1", "Outage", "", Money.of("1.00", "USD")), 5);
    String uri = "/api/products/" + product.id();
    assertThat(stock(mvc.get().uri(uri).exchange())).isEqualTo(5);

    // when: Redis stops
    redisServer.stop();
    double errorsBefore = cacheErrors();

    // then: reads and writes still succeed, from PostgreSQL, and the errors are counted
    for (int i = 0; i < 20; i++) {
      assertThat(mvc.get().uri(uri).exchange()).hasStatusOk();
    }
    assertThat(mvc.put().uri(uri + "/stock").header(HttpHeaders.AUTHORIZATION, admin)
        .contentType(MediaType.APPLICATION_JSON).content("{\"availableQuantity\":9}").exchange()).hasStatusOk();
    assertThat(stock(mvc.get().uri(uri).exchange())).isEqualTo(9);
    assertThat(mvc.get().uri("/api/products").exchange()).hasStatusOk();
    assertThat(cacheErrors()).isGreaterThan(errorsBefore);

    // when: Redis comes back with its data on disk (it still holds the value cached before the outage)
    redisServer.startAgain();

    // then: the write made during the outage wins: the stale entry was invalidated, not served
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      assertThat(stock(mvc.get().uri(uri).exchange())).isEqualTo(9);
      assertThat(hits()).isGreaterThan(0);
    });
    double hitsBefore = hits();
    assertThat(stock(mvc.get().uri(uri).exchange())).isEqualTo(9);
    assertThat(hits()).isGreaterThan(hitsBefore);
  }

  private static int stock(MvcTestResult result) throws Exception {
    assertThat(result).hasStatusOk();
    return JsonPath.read(result.getResponse().getContentAsString(), "$.availableQuantity");
  }

  private double cacheErrors() {
    return meters.find("shopscale.cache.errors").tag("cache", "product").counters().stream()
        .mapToDouble(c -> c.count()).sum();
  }

  private double hits() {
    var counter = meters.find("shopscale.cache.requests").tag("cache", "product").tag("result", "hit").counter();
    return counter == null ? 0 : counter.count();
  }
}
