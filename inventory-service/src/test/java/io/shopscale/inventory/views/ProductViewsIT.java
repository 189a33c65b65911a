package io.shopscale.inventory.views;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.shopscale.inventory.InventoryServiceApplication;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.TestJwtIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * Write-behind of product views on the real Redis and PostgreSQL. The scheduled flush is an hour away here, so every
 * flush is the test's own call and what the database holds between them is exactly what earlier flushes stored.
 */
@SpringBootTest(properties = ProductViewsIT.NO_SCHEDULED_FLUSH)
@AutoConfigureMockMvc
@ShopScaleInfrastructure
class ProductViewsIT {

  static final String NO_SCHEDULED_FLUSH = "shopscale.inventory.views.flush-every=1h";

  @Autowired
  MockMvcTester mvc;

  @Autowired
  ProductViews views;

  @Autowired
  ViewFlush flush;

  @Autowired
  ViewKeys keys;

  @Autowired
  StringRedisTemplate redis;

  @Autowired
  JdbcClient jdbc;

  @Autowired
  Environment environment;

  private final String admin = "Bearer " + TestJwtIssuer.get().admin("admin-1");

  @Test
  void aFlushStoresEveryViewCountedSinceTheLastOneAsOneBatch() throws Exception {
    // given: 3 reads of one product and 2 of another, not flushed yet
    UUID mug = product("VIEWS-BATCH-1");
    UUID cup = product("VIEWS-BATCH-2");
    read(mug, 3);
    read(cup, 2);
    assertThat(storedViews(mug)).isZero();
    long batchesBefore = appliedBatches();
    // when
    flush.flush();
    // then: both counts, in one batch, and nothing left waiting in Redis
    assertThat(storedViews(mug)).isEqualTo(3);
    assertThat(storedViews(cup)).isEqualTo(2);
    assertThat(appliedBatches() - batchesBefore).isEqualTo(1);
    assertThat(redis.hasKey(keys.pending())).isFalse();
    assertThat(flush.waitingBatches()).isEmpty();
    // and: a read after the flush waits for the next batch
    read(mug, 1);
    assertThat(storedViews(mug)).isEqualTo(3);
    flush.flush();
    assertThat(storedViews(mug)).isEqualTo(4);
    assertThat(appliedBatches() - batchesBefore).isEqualTo(2);
  }

  @Test
  void viewsCountedByAnInstanceKilledBeforeItsFlushAreStoredByTheNextFlushOfAnother() {
    // given: another instance counted 5 views of a product and stopped before any flush
    UUID lamp = product("VIEWS-KILLED-1");
    ConfigurableApplicationContext doomed = startAnotherInstance();
    ProductViews viewsOnDoomed = doomed.getBean(ProductViews.class);
    for (int i = 0; i < 5; i++) {
      viewsOnDoomed.count(lamp);
    }
    doomed.close();
    assertThat(storedViews(lamp)).isZero();
    // when: this instance flushes
    flush.flush();
    // then: all 5 survived, in Redis
    assertThat(storedViews(lamp)).isEqualTo(5);
  }

  @Test
  void aFlushInterruptedAfterAnyStepIsFinishedByTheNextWithoutLosingOrDoubleCounting() {
    UUID desk = product("VIEWS-STEPS-1");
    // given: a flush died right after taking its batch (before writing to PostgreSQL); 2 more views came after it
    count(desk, 4);
    Optional<String> taken = flush.take();
    assertThat(taken).isPresent();
    count(desk, 2);
    // when
    flush.flush();
    // then: the orphaned batch and the new views, each once
    assertThat(storedViews(desk)).isEqualTo(6);

    // given: a flush died after its commit, before deleting its batch from Redis
    count(desk, 3);
    String committed = flush.take().orElseThrow();
    flush.apply(committed);
    assertThat(storedViews(desk)).isEqualTo(9);
    assertThat(redis.hasKey(committed)).isTrue();
    // when
    flush.flush();
    // then: the batch is recognised by its id and dropped, not added again
    assertThat(storedViews(desk)).isEqualTo(9);
    assertThat(redis.hasKey(committed)).isFalse();
  }

  @Test
  void viewsRedisLosesBeforeAFlushAreLost() {
    // given: 3 views stored, 2 more counted
    UUID chair = product("VIEWS-LOST-1");
    count(chair, 3);
    flush.flush();
    count(chair, 2);
    // when: Redis loses its data before the next flush (a restart without persistence, a failover)
    redis.delete(keys.pending());
    flush.flush();
    // then: exactly the unflushed views are gone; the stored ones stay
    assertThat(storedViews(chair)).isEqualTo(3);
  }

  @Test
  void anInstanceWithCountingSwitchedOffCountsNoView() {
    // given: an instance started with shopscale.inventory.views.enabled=false
    UUID rug = product("VIEWS-OFF-1");
    try (
        ConfigurableApplicationContext uncounting = startAnotherInstance("--shopscale.inventory.views.enabled=false")) {
      // when: it counts 3 views
      ProductViews viewsOff = uncounting.getBean(ProductViews.class);
      for (int i = 0; i < 3; i++) {
        viewsOff.count(rug);
      }
    }
    // then: none reached Redis, so a flush stores none
    assertThat(redis.opsForHash().hasKey(keys.pending(), rug.toString())).isFalse();
    flush.flush();
    assertThat(storedViews(rug)).isZero();
  }

  @Test
  void onlyAdministratorsReadViewCounts() {
    UUID vase = product("VIEWS-ADMIN-1");
    count(vase, 2);
    flush.flush();
    assertThat(mvc.get().uri("/api/products/" + vase + "/views").exchange()).hasStatus(401);
    assertThat(mvc.get().uri("/api/products/" + vase + "/views")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwtIssuer.get().customer("customer-1")).exchange())
        .hasStatus(403);
    assertThat(mvc.get().uri("/api/products/" + vase + "/views").header(HttpHeaders.AUTHORIZATION, admin).exchange())
        .hasStatusOk().bodyJson().extractingPath("$.views").asNumber().isEqualTo(2);
  }

  @Test
  void readsForAPriceAreNotViews() {
    UUID pen = product("VIEWS-PRICE-1");
    assertThat(mvc.get().uri("/api/products/" + pen).header(HttpHeaders.CACHE_CONTROL, "no-cache").exchange())
        .hasStatusOk();
    read(pen, 1);
    flush.flush();
    assertThat(storedViews(pen)).isEqualTo(1);
  }

  private UUID product(String sku) {
    var created = mvc.post().uri("/api/products").header(HttpHeaders.AUTHORIZATION, admin)
        .contentType(MediaType.APPLICATION_JSON).content("""
            {"sku":"%s","name":"Views","description":"","price":{"amount":"3.00","currency":"USD"},
             "availableQuantity":5}""".formatted(sku))
        .exchange();
    assertThat(created).hasStatus(201);
    try {
      return UUID.fromString(JsonPath.read(created.getResponse().getContentAsString(), "$.id"));
    }
    catch (java.io.UnsupportedEncodingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private void read(UUID product, int times) {
    for (int i = 0; i < times; i++) {
      assertThat(mvc.get().uri("/api/products/" + product).exchange()).hasStatusOk();
    }
  }

  private void count(UUID product, int times) {
    for (int i = 0; i < times; i++) {
      views.count(product);
    }
  }

  private long storedViews(UUID product) {
    return views.stored(product).orElse(0L);
  }

  private long appliedBatches() {
    return jdbc.sql("SELECT count(*) FROM product_view_batches").query(Long.class).single();
  }

  private ConfigurableApplicationContext startAnotherInstance(String... extraArguments) {
    List<String> arguments = new ArrayList<>(List.of(
        "--" + NO_SCHEDULED_FLUSH,
        "--spring.datasource.url=" + environment.getRequiredProperty("spring.datasource.url"),
        "--spring.datasource.username=" + environment.getRequiredProperty("spring.datasource.username"),
        "--spring.datasource.password=" + environment.getProperty("spring.datasource.password", ""),
        "--spring.datasource.hikari.maximum-pool-size=4",
        "--spring.data.redis.url=" + environment.getRequiredProperty("spring.data.redis.url"),
        "--shopscale.cache.key-prefix=" + environment.getRequiredProperty("shopscale.cache.key-prefix"),
        "--shopscale.security.jwt.jwks-uri=" + environment.getRequiredProperty("shopscale.security.jwt.jwks-uri"),
        "--shopscale.outbox.relay-enabled=false",
        "--spring.kafka.listener.auto-startup=false",
        "--server.port=0",
        "--spring.main.banner-mode=off"));
    arguments.addAll(List.of(extraArguments));
    return new SpringApplicationBuilder(InventoryServiceApplication.class).run(arguments.toArray(String[]::new));
  }
}
