package io.shopscale.platform.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.platformtest.PlatformTestApplication;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.StringRedisTemplate;

/** {@link CacheAside} against a real Redis: hits and misses, negative caching, single flight, races, TTLs. */
@SpringBootTest(classes = PlatformTestApplication.class, properties = {"shopscale.cache.negative-ttl=1s",
    "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"})
@ShopScaleInfrastructure(Server.REDIS)
class CacheAsideIT {

  private static final Duration DEADLINE = Duration.ofSeconds(10);

  record Box(String id, int version) {
  }

  @Autowired
  CacheAsideFactory caches;

  @Autowired
  CacheSettings settings;

  @Autowired
  MeterRegistry meters;

  @Autowired
  StringRedisTemplate redis;

  @Autowired
  Environment environment;

  private String name;
  private CacheAside<Box> cache;

  @BeforeEach
  void freshCache() {
    name = "boxes-" + UUID.randomUUID();
    cache = caches.create(name, Box.class);
  }

  @Test
  void versionedWriteThroughNeverReplacesANewerVersion() {
    // given
    CacheAside<Box> versioned = caches.createVersioned(name + "-v", Box.class, Box::version);
    versioned.put("a", new Box("a", 6));
    // when: an older write reaches Redis late
    versioned.put("a", new Box("a", 5));
    // then
    var loader = new AtomicInteger();
    assertThat(versioned.get("a", counting(loader, Optional.empty()))).contains(new Box("a", 6));
    assertThat(loader).hasValue(0);
  }

  @Test
  void versionedDeleteCannotBeUndoneByALateWriteThrough() {
    // given: the thing was deleted
    CacheAside<Box> versioned = caches.createVersioned(name + "-v", Box.class, Box::version);
    versioned.put("a", new Box("a", 3));
    versioned.putAbsent("a");
    // when: a write made before the delete reaches Redis after it
    versioned.put("a", new Box("a", 4));
    // then
    var loader = new AtomicInteger();
    assertThat(versioned.get("a", counting(loader, Optional.of(new Box("a", 9))))).isEmpty();
    assertThat(loader).hasValue(0);
  }

  @Test
  void missLoadsOnceAndLaterReadsAreHitsServedFromRedis() {
    // given
    Box box = new Box("b-1", 1);
    AtomicInteger loaderCalls = new AtomicInteger();
    Supplier<Optional<Box>> loader = counting(loaderCalls, Optional.of(box));
    // when
    Optional<Box> first = cache.get(box.id(), loader);
    Optional<Box> second = cache.get(box.id(), loader);
    Optional<Box> third = cache.get(box.id(), loader);
    // then
    assertThat(first).contains(box);
    assertThat(second).contains(box);
    assertThat(third).contains(box);
    assertThat(loaderCalls).hasValue(1);
    assertThat(requests("miss")).isEqualTo(1.0);
    assertThat(requests("hit")).isEqualTo(2.0);
    assertThat(loads()).isEqualTo(1.0);
    assertThat(redis.hasKey(key(box.id()))).isTrue();
  }

  @Test
  void absenceIsCachedSoTheLoaderIsNotAskedAgainUntilTheNegativeTtlExpires() {
    // given: the database has no such thing
    String id = "missing-1";
    AtomicInteger loaderCalls = new AtomicInteger();
    assertThat(cache.get(id, counting(loaderCalls, Optional.empty()))).isEmpty();
    // when: it is created in the database but the absence is still remembered
    Box created = new Box(id, 1);
    Optional<Box> whileRemembered = cache.get(id, counting(loaderCalls, Optional.of(created)));
    // then
    assertThat(whileRemembered).isEmpty();
    assertThat(loaderCalls).hasValue(1);
    assertThat(requests("hit")).isEqualTo(1.0);
    assertThat(redis.getExpire(key(id), TimeUnit.MILLISECONDS)).isBetween(1L, 1_000L);
    // and then: after the negative TTL (1 s here) the loader is asked again and its value is served
    await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(cache.get(id, counting(loaderCalls, Optional.of(created)))).contains(created));
    assertThat(loaderCalls).hasValue(2);
    assertThat(loads()).isEqualTo(2.0);
  }

  @Test
  void concurrentMissesOfOneKeyLoadItOnceAndAllGetTheSameValue() throws Exception {
    // given: 50 readers held at a start gate, and a loader that blocks until released
    int workers = 50;
    Box box = new Box("hot-1", 7);
    CountDownLatch startGate = new CountDownLatch(1);
    CountDownLatch loaderGate = new CountDownLatch(1);
    AtomicInteger loaderCalls = new AtomicInteger();
    Supplier<Optional<Box>> blockingLoader = () -> {
      loaderCalls.incrementAndGet();
      awaitGate(loaderGate);
      return Optional.of(box);
    };
    List<FutureTask<Optional<Box>>> readers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      FutureTask<Optional<Box>> reader = new FutureTask<>(() -> {
        awaitGate(startGate);
        return cache.get(box.id(), blockingLoader);
      });
      Thread thread = new Thread(reader, "single-flight-reader-" + i);
      readers.add(reader);
      threads.add(thread);
      thread.start();
    }
    try {
      // when: all ask at once; every one misses, then parks on the leader's flight or in the loader
      startGate.countDown();
      await().atMost(DEADLINE).until(() -> requests("miss") == workers && threads.stream()
          .allMatch(thread -> thread.getState() == Thread.State.WAITING
              || thread.getState() == Thread.State.TIMED_WAITING));
      loaderGate.countDown();
      // then
      List<Optional<Box>> results = new ArrayList<>();
      for (FutureTask<Optional<Box>> reader : readers) {
        results.add(reader.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
      }
      assertThat(loaderCalls).hasValue(1);
      assertThat(loads()).isEqualTo(1.0);
      assertThat(results).hasSize(workers).containsOnly(Optional.of(box));
    }
    finally {
      startGate.countDown();
      loaderGate.countDown();
      for (Thread thread : threads) {
        thread.join(DEADLINE.toMillis());
      }
    }
  }

  @Test
  void writeThroughWinsOverAConcurrentReaderFillingAStaleValue() throws Exception {
    // given: a reader that loaded version 1 from the database and is slow to fill the cache
    String id = "raced-1";
    CountDownLatch loaderEntered = new CountDownLatch(1);
    CountDownLatch loaderGate = new CountDownLatch(1);
    FutureTask<Optional<Box>> staleReader = new FutureTask<>(() -> cache.get(id, () -> {
      loaderEntered.countDown();
      awaitGate(loaderGate);
      return Optional.of(new Box(id, 1));
    }));
    Thread thread = new Thread(staleReader, "stale-reader");
    thread.start();
    try {
      await().atMost(DEADLINE).until(() -> loaderEntered.getCount() == 0);
      // when: a writer commits version 2 and writes it through, then the stale reader fills
      cache.put(id, new Box(id, 2));
      loaderGate.countDown();
      assertThat(staleReader.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).contains(new Box(id, 1));
      // then: the cache serves version 2 without loading
      AtomicInteger loaderCalls = new AtomicInteger();
      assertThat(cache.get(id, counting(loaderCalls, Optional.of(new Box(id, 1))))).contains(new Box(id, 2));
      assertThat(loaderCalls).hasValue(0);
      assertThat(loads()).isEqualTo(1.0);
      assertThat(requests("hit")).isEqualTo(1.0);
    }
    finally {
      loaderGate.countDown();
      thread.join(DEADLINE.toMillis());
    }
  }

  @Test
  void cachedValuesExpireWithinTwentyPercentOfTheTtlAndNotAllAtTheSameTime() {
    // given
    long ttl = settings.ttl().toMillis();
    long slack = 5_000; // PTTL counts down while the test runs
    List<String> ids = new ArrayList<>();
    // when: 20 values filled by reads and 20 written through
    for (int i = 0; i < 20; i++) {
      String id = "read-" + i;
      cache.get(id, () -> Optional.of(new Box(id, 1)));
      ids.add(id);
    }
    for (int i = 0; i < 20; i++) {
      String id = "written-" + i;
      cache.put(id, new Box(id, 1));
      ids.add(id);
    }
    // then
    List<Long> remaining = ids.stream().map(id -> redis.getExpire(key(id), TimeUnit.MILLISECONDS)).toList();
    assertThat(remaining)
        .allSatisfy(millis -> assertThat(millis).isBetween(Math.round(ttl * 0.8) - slack, Math.round(ttl * 1.2)));
    assertThat(new HashSet<>(remaining.subList(0, 20))).hasSizeGreaterThan(1);
    assertThat(new HashSet<>(remaining.subList(20, 40))).hasSizeGreaterThan(1);
  }

  @Test
  void valueThatNoLongerDeserializesIsDroppedAndReloaded() {
    // given: Redis holds an entry written by an incompatible older version of Box
    String id = "legacy-1";
    redis.opsForValue().set(key(id), "{\"id\":\"" + id + "\",\"version\":\"first\"}", Duration.ofMinutes(5));
    Box current = new Box(id, 3);
    AtomicInteger loaderCalls = new AtomicInteger();
    // when
    Optional<Box> read = cache.get(id, counting(loaderCalls, Optional.of(current)));
    // then: it was a miss that loaded the current value and replaced the unreadable entry
    assertThat(read).contains(current);
    assertThat(loaderCalls).hasValue(1);
    assertThat(requests("miss")).isEqualTo(1.0);
    assertThat(requests("hit")).isEqualTo(0.0);
    assertThat(cache.get(id, counting(loaderCalls, Optional.empty()))).contains(current);
    assertThat(loaderCalls).hasValue(1);
    assertThat(requests("hit")).isEqualTo(1.0);
  }

  private static Supplier<Optional<Box>> counting(AtomicInteger calls, Optional<Box> result) {
    return () -> {
      calls.incrementAndGet();
      return result;
    };
  }

  private static void awaitGate(CountDownLatch gate) {
    try {
      if (!gate.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("The test never opened the gate");
      }
    }
    catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ex);
    }
  }

  private String key(String id) {
    return environment.getRequiredProperty("shopscale.cache.key-prefix") + ":" + name + ":" + id;
  }

  private double requests(String result) {
    return meters.get("shopscale.cache.requests").tag("cache", name).tag("result", result).counter().count();
  }

  private double loads() {
    return meters.get("shopscale.cache.loads").tag("cache", name).counter().count();
  }
}
