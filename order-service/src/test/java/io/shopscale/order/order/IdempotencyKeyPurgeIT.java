package io.shopscale.order.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.order.FakeInventory;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import io.shopscale.testsupport.TestJwtIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Expired Idempotency-Keys against real PostgreSQL: ignored as soon as they expire, deleted later by their own
 * housekeeping (called directly here: its schedule is an hour, so it never runs on its own during the test), and
 * no longer by the every-second timeout sweeper.
 */
// a 1 s saga timeout: the sweeper queries only once an order can be due; no order here ever reaches Kafka, so none
// is cancelled, and every tick sweeps
@SpringBootTest(properties = {"shopscale.order.saga.sweep-every=100ms", "shopscale.order.saga.timeout=1s",
    "shopscale.order.idempotency-key-purge-every=1h", "shopscale.order.idempotency-key-purge-batch=2"})
@AutoConfigureMockMvc
@ShopScaleInfrastructure(Server.POSTGRES)
class IdempotencyKeyPurgeIT {

  @RegisterExtension
  static final FakeInventory inventory = new FakeInventory();

  @Autowired
  MockMvcTester mvc;

  @Autowired
  JdbcClient jdbc;

  @Autowired
  MeterRegistry meters;

  @Autowired
  IdempotencyKeyPurge purge;

  @Autowired
  OrderSettings settings;

  @Autowired
  List<ScheduledTaskHolder> schedulers;

  private final UUID userId = UUID.randomUUID();
  private final String user = "Bearer " + TestJwtIssuer.get().customer(userId.toString());
  private final UUID mug = inventory.product("4.00");

  @Test
  void thePurgeDeletesExpiredKeysInBatchesAndKeepsLiveOnes() {
    // given: three expired keys (more than one batch of two) and a live one
    for (String key : List.of("old-1", "old-2", "old-3", "live")) {
      assertThat(placeOrder(key, 1)).hasStatus(202);
    }
    expire("old-1", "old-2", "old-3");
    double purgedBefore = purged();
    int rowsBefore = allKeys();
    // when
    purge.purge();
    // then
    assertThat(keys()).containsExactly("live");
    assertThat(purged() - purgedBefore).isEqualTo(rowsBefore - allKeys()); // other tests' expired keys go too
  }

  @Test
  void theTimeoutSweeperLeavesExpiredKeysAlone() {
    // given
    assertThat(placeOrder("swept-past", 1)).hasStatus(202);
    expire("swept-past");
    // when
    long sweepsBefore = sweeps();
    await().atMost(Duration.ofSeconds(10)).until(() -> sweeps() >= sweepsBefore + 3);
    // then
    assertThat(keys()).containsExactly("swept-past");
  }

  @Test
  void anExpiredKeyNoLongerReplaysEvenBeforeThePurgeDeletesIt() throws Exception {
    // given
    String first = idOf(placeOrder("reused", 1));
    expire("reused");
    // when: another body under the same key, which a live key would refuse with 422
    MvcTestResult again = placeOrder("reused", 2);
    // then: a new order, and the key now answers with it
    String second = idOf(again);
    assertThat(second).isNotEqualTo(first);
    assertThat(idOf(placeOrder("reused", 2))).isEqualTo(second);
    assertThat(keys()).containsExactly("reused");
  }

  @Test
  void concurrentTwinsOnAnExpiredKeyCreateOneNewOrder() throws Exception {
    // given
    String old = idOf(placeOrder("race-expired", 1));
    expire("race-expired");
    // when: 16 identical requests at once under the expired key, each wanting to take its row over
    Callable<String> twin = () -> idOf(placeOrder("race-expired", 3));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    Set<String> ids = new HashSet<>();
    try {
      for (Future<String> placed : pool.invokeAll(Collections.nCopies(16, twin))) {
        ids.add(placed.get());
      }
    }
    finally {
      pool.shutdown();
    }
    // then: one new order for all of them, and only it and the old one exist
    assertThat(ids).hasSize(1).doesNotContain(old);
    assertThat(jdbc.sql("SELECT count(*) FROM orders WHERE user_id = ?").param(userId).query(Integer.class).single())
        .isEqualTo(2);
  }

  @Test
  void thePurgeRunsOnItsOwnConfiguredSchedule() {
    List<ScheduledTask> purges = schedulers.stream().flatMap(holder -> holder.getScheduledTasks().stream())
        .filter(task -> task.toString().equals(IdempotencyKeyPurge.class.getName() + ".purge")).toList();
    assertThat(purges).singleElement().extracting(ScheduledTask::getTask)
        .isInstanceOfSatisfying(FixedDelayTask.class, task -> {
          assertThat(task.getIntervalDuration()).isEqualTo(settings.idempotencyKeyPurgeEvery())
              .isEqualTo(Duration.ofHours(1));
          assertThat(task.getInitialDelayDuration()).isEqualTo(settings.idempotencyKeyPurgeEvery());
        });
  }

  private MvcTestResult placeOrder(String key, int quantity) {
    return mvc.post().uri("/api/orders").header(HttpHeaders.AUTHORIZATION, user).header("Idempotency-Key", key)
        .contentType(MediaType.APPLICATION_JSON)
        .content("{\"items\":[{\"productId\":\"%s\",\"quantity\":%d}]}".formatted(mug, quantity)).exchange();
  }

  private static String idOf(MvcTestResult result) throws Exception {
    assertThat(result).hasStatus(202);
    return JsonPath.read(result.getResponse().getContentAsString(), "$.id");
  }

  /** Ages keys past the retention, as if placed more than a day ago. */
  private void expire(String... keys) {
    for (String key : keys) {
      jdbc.sql("UPDATE idempotency_keys SET created_at = now() - CAST(? AS interval) WHERE user_id = ? AND key = ?")
          .params(settings.idempotencyKeyRetention().plusMinutes(1).toSeconds() + " seconds", userId, key)
          .update();
    }
  }

  private List<String> keys() {
    return jdbc.sql("SELECT key FROM idempotency_keys WHERE user_id = ? ORDER BY key").param(userId)
        .query(String.class).list();
  }

  private int allKeys() {
    return jdbc.sql("SELECT count(*) FROM idempotency_keys").query(Integer.class).single();
  }

  private double purged() {
    return meters.get("shopscale.order.idempotency.keys.purged").counter().count();
  }

  private long sweeps() {
    return meters.get("shopscale.order.saga.sweeps").timer().count();
  }
}
