package io.shopscale.platform.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.platformtest.PlatformTestApplication;
import io.shopscale.embedded.RedisProcess;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link CacheAside} while its own real Redis process is stopped and started again. */
@SpringBootTest(classes = PlatformTestApplication.class, properties = "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ShopScaleInfrastructure({})
@DirtiesContext // its Redis is gone after this class: no later test may reuse the context
class CacheAsideRedisOutageIT {

  private static final Duration RECONNECT_DEADLINE = Duration.ofSeconds(60);

  // never the shared test Redis: stopping that would break other tests
  static final RedisProcess redisProcess = RedisProcess.start();

  record Box(String id, int version) {
  }

  @DynamicPropertySource
  static void redisUrl(DynamicPropertyRegistry registry) {
    registry.add("spring.data.redis.url", redisProcess::url);
  }

  @AfterAll
  static void stopRedis() {
    redisProcess.close();
  }

  @Autowired
  CacheAsideFactory caches;

  @Autowired
  MeterRegistry meters;

  @Autowired
  StringRedisTemplate redis;

  @Autowired
  Environment environment;

  private String name;
  private CacheAside<Box> cache;

  @BeforeEach
  void redisIsUpAndAFreshCache() {
    if (!redisProcess.isRunning()) {
      redisProcess.startAgain();
    }
    awaitAppConnected();
    name = "boxes-" + UUID.randomUUID();
    cache = caches.create(name, Box.class);
  }

  @Test
  void readsFallBackToTheLoaderQuicklyAndCountErrorsWhileRedisIsDown() {
    // given
    Box box = new Box("b-1", 1);
    AtomicInteger loaderCalls = new AtomicInteger();
    redisProcess.stop();
    // when / then: every read is answered by the loader, fast, without an exception
    for (int i = 1; i <= 3; i++) {
      long started = System.nanoTime();
      Optional<Box> read = cache.get(box.id(), counting(loaderCalls, box));
      Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
      assertThat(read).contains(box);
      assertThat(elapsed).isLessThan(Duration.ofSeconds(2));
      assertThat(loaderCalls).hasValue(i);
    }
    assertThat(errors()).isGreaterThanOrEqualTo(3.0);
    assertThat(requests("hit")).isEqualTo(0.0);
  }

  @Test
  void writeThroughMadeWhileRedisIsDownInvalidatesTheStaleValueOnceRedisIsBack() {
    // given: version 1 is cached, and Redis persists it
    String id = "w-1";
    Box v1 = new Box(id, 1);
    Box v2 = new Box(id, 2);
    assertThat(cache.get(id, () -> Optional.of(v1))).contains(v1);
    assertThat(redis.opsForValue().get(key(id))).contains("\"version\":1");
    // when: version 2 is committed while Redis is down, so its write-through fails
    redisProcess.stop();
    cache.put(id, v2);
    assertThat(pendingInvalidations()).isEqualTo(1.0);
    redisProcess.startAgain();
    awaitAppConnected();
    assertThat(redis.opsForValue().get(key(id))).as("v1 survived the restart on disk").contains("\"version\":1");
    // then: the stale version 1 is never served; version 2 is loaded and then hit
    AtomicInteger loaderCalls = new AtomicInteger();
    assertThat(cache.get(id, counting(loaderCalls, v2))).contains(v2);
    assertThat(loaderCalls).hasValue(1);
    assertThat(pendingInvalidations()).isEqualTo(0.0);
    assertThat(cache.get(id, counting(loaderCalls, v2))).contains(v2);
    assertThat(loaderCalls).hasValue(1);
    assertThat(requests("hit")).isEqualTo(1.0);
  }

  @Test
  void hitsResumeAfterRedisComesBack() {
    // given: a value cached before an outage, read from the loader during it
    Box box = new Box("r-1", 1);
    AtomicInteger loaderCalls = new AtomicInteger();
    assertThat(cache.get(box.id(), counting(loaderCalls, box))).contains(box);
    redisProcess.stop();
    assertThat(cache.get(box.id(), counting(loaderCalls, box))).contains(box);
    assertThat(loaderCalls).hasValue(2);
    double hitsBefore = requests("hit");
    // when
    redisProcess.startAgain();
    // then: once Lettuce has reconnected by itself, reads are hits again
    List<Optional<Box>> reads = new CopyOnWriteArrayList<>();
    await().atMost(RECONNECT_DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> {
      reads.add(cache.get(box.id(), counting(loaderCalls, box)));
      return requests("hit") > hitsBefore;
    });
    assertThat(reads).containsOnly(Optional.of(box));
  }

  private void awaitAppConnected() {
    await().atMost(RECONNECT_DEADLINE).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
        .until(() -> "PONG".equals(redis.execute((RedisCallback<String>) connection -> connection.ping())));
  }

  private static Supplier<Optional<Box>> counting(AtomicInteger calls, Box result) {
    return () -> {
      calls.incrementAndGet();
      return Optional.of(result);
    };
  }

  private String key(String id) {
    String prefix = environment.getProperty("shopscale.cache.key-prefix",
        environment.getProperty("spring.application.name", "shopscale"));
    return prefix + ":" + name + ":" + id;
  }

  private double requests(String result) {
    return meters.get("shopscale.cache.requests").tag("cache", name).tag("result", result).counter().count();
  }

  private double errors() {
    return meters.find("shopscale.cache.errors").tag("cache", name).counters().stream()
        .mapToDouble(Counter::count).sum();
  }

  private double pendingInvalidations() {
    return meters.get("shopscale.cache.pending.invalidations").tag("cache", name).gauge().value();
  }
}
