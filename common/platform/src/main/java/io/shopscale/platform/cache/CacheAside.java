package io.shopscale.platform.cache;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One named cache of values of one type, keyed by id.
 *
 * <p>Reads are cache-aside: a miss loads from the database once per key at a time in this instance (single
 * flight), and stores the result with {@code SET NX}. Writes are write-through with an overwriting {@code SET},
 * after the database commit. So a reader that loaded an old row before a write can never overwrite the writer's
 * newer value. Redis failures never reach the caller: reads fall back to the loader, failed writes leave the key
 * in a pending set that is deleted from Redis before the next operation once Redis answers again.
 *
 * <p>A versioned cache (values carry an optimistic-lock version) stores {@code <version>|<json>}, and its
 * write-through replaces only an older version, atomically in Redis: two writers that commit v5 and v6 but reach
 * Redis in the other order still leave v6 cached.
 *
 * <p>A versioned cache may have a near cache ({@code shopscale.cache.caches.<name>.near}): an in-process (L1) copy in
 * front of Redis, kept for {@code near.ttl}. Nothing tells an instance's L1 about a write on another instance except
 * {@link #invalidateNear}, which the owning service calls when it learns of the change (inventory-service: the
 * {@code ProductChanged} event). An invalidation for version v drops older copies and, for {@code near.ttl}, refuses
 * to keep any older value this instance reads afterwards (it is still served: Redis may lag the event by the writer's
 * write-through). So an L1 never serves a value older than the newest invalidation it received, and one whose
 * invalidation was lost for at most {@code near.ttl} after it was read.
 */
public final class CacheAside<V> {

  private static final Logger log = LoggerFactory.getLogger(CacheAside.class);
  // Not valid JSON and no version prefix, so it never collides with a cached value.
  private static final String ABSENT = "~absent";
  private static final RedisScript<Long> PUT_IF_NEWER = RedisScript.of("""
      local current = redis.call('GET', KEYS[1])
      if current then
        local version = tonumber(string.match(current, '^(%d+)|'))
        if version and version >= tonumber(ARGV[1]) then return 0 end
      end
      redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
      return 1
      """, Long.class);

  private final String name;
  private final Class<V> type;
  private final @Nullable ToLongFunction<V> versionOf;
  private final String keyPrefix;
  private final StringRedisTemplate redis;
  private final JsonMapper json;
  private final CacheSettings settings;
  private final ConcurrentMap<String, CompletableFuture<Optional<V>>> inFlight = new ConcurrentHashMap<>();
  private final Set<String> pendingInvalidations = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean failing = new AtomicBoolean();
  // Moves on whenever a write-through fails: a load that overlapped it may hold the old row and must not fill.
  private final AtomicLong failedWrites = new AtomicLong();
  private final Counter hits;
  private final Counter misses;
  private final Counter loads;
  private final MeterRegistry meters;
  private final @Nullable Cache<String, Optional<V>> near;
  // The newest version each key was invalidated for, kept as long as an L1 value lives.
  private final @Nullable Cache<String, Long> floors;
  private final @Nullable Counter nearHits;
  private final @Nullable Counter nearMisses;
  private final @Nullable Counter nearInvalidations;

  CacheAside(String name, Class<V> type, @Nullable ToLongFunction<V> versionOf, String keyPrefix,
      StringRedisTemplate redis, JsonMapper json, CacheSettings settings, MeterRegistry meters) {
    this.name = name;
    this.type = type;
    this.versionOf = versionOf;
    this.keyPrefix = keyPrefix + ":" + name + ":";
    this.redis = redis;
    this.json = json;
    this.settings = settings;
    this.meters = meters;
    this.hits = Counter.builder("shopscale.cache.requests").tag("cache", name).tag("result", "hit").register(meters);
    this.misses = Counter.builder("shopscale.cache.requests").tag("cache", name).tag("result", "miss").register(meters);
    this.loads = Counter.builder("shopscale.cache.loads").tag("cache", name).register(meters);
    meters.gauge("shopscale.cache.pending.invalidations", Tags.of("cache", name), pendingInvalidations, Set::size);
    CacheSettings.Near nearSettings = settings.near(name);
    if (nearSettings != null && versionOf == null) {
      // without versions a fill that overlapped an invalidation could not be told from a newer one
      throw new IllegalStateException("Cache " + name + " has a near cache but no versions: use createVersioned");
    }
    if (nearSettings == null) {
      this.near = null;
      this.floors = null;
      this.nearHits = null;
      this.nearMisses = null;
      this.nearInvalidations = null;
    }
    else {
      this.near = Caffeine.newBuilder().expireAfterWrite(nearSettings.ttl()).maximumSize(nearSettings.maxSize())
          .build();
      this.floors = Caffeine.newBuilder().expireAfterWrite(nearSettings.ttl()).maximumSize(nearSettings.maxSize())
          .build();
      // Their own name, not a level tag on shopscale.cache.requests: the Redis hit ratio recorded from that (and
      // alerted on) would mix two levels, and Redis only ever sees the L1's misses.
      this.nearHits = Counter.builder("shopscale.cache.near.requests").tag("cache", name).tag("result", "hit")
          .register(meters);
      this.nearMisses = Counter.builder("shopscale.cache.near.requests").tag("cache", name).tag("result", "miss")
          .register(meters);
      this.nearInvalidations = Counter.builder("shopscale.cache.near.invalidations").tag("cache", name)
          .register(meters);
      meters.gauge("shopscale.cache.near.size", Tags.of("cache", name), near, Cache::estimatedSize);
    }
  }

  /** The cached value, or the loader's (cached afterwards, absence included). */
  public Optional<V> get(Object id, Supplier<Optional<V>> loader) {
    if (!settings.enabled()) {
      return loader.get();
    }
    String key = key(id);
    if (near == null) {
      return getShared(key, loader);
    }
    Optional<V> local = near.getIfPresent(key);
    if (local != null) {
      count(nearHits);
      return local;
    }
    count(nearMisses);
    Optional<V> value = getShared(key, loader);
    keepNear(key, value);
    return value;
  }

  /**
   * Tells this instance's near cache that the value of {@code id} changed to {@code version}: older copies are dropped
   * and, for the near cache's TTL, older values read from Redis are served but not kept. No-op without a near cache.
   */
  public void invalidateNear(Object id, long version) {
    if (near == null || floors == null || !settings.enabled()) {
      return;
    }
    near.asMap().compute(key(id), (key, current) -> {
      // inside the key's compute, so a concurrent keepNear sees either the old floor and is dropped here, or this one
      floors.asMap().merge(key, version, Math::max);
      return current != null && rank(current) >= version ? current : null;
    });
    count(nearInvalidations);
  }

  private void keepNear(String key, Optional<V> value) {
    if (near == null || floors == null) {
      return;
    }
    long version = rank(value);
    near.asMap().compute(key, (k, current) -> {
      Long floor = floors.getIfPresent(k);
      if (floor != null && version < floor) {
        return current;
      }
      return current != null && rank(current) > version ? current : value;
    });
  }

  // Absence ranks below every version: a create replaces it.
  private long rank(Optional<V> value) {
    ToLongFunction<V> version = versionOf;
    return version == null || value.isEmpty() ? -1 : version.applyAsLong(value.get());
  }

  private static void count(@Nullable Counter counter) {
    if (counter != null) {
      counter.increment();
    }
  }

  private Optional<V> getShared(String key, Supplier<Optional<V>> loader) {
    String cached = redis("get", () -> redis.opsForValue().get(key));
    if (cached != null) {
      Optional<V> value = decode(key, cached);
      if (value != null) {
        hits.increment();
        return value;
      }
    }
    misses.increment();
    return loadOnce(key, loader);
  }

  /** Write-through: call after the database commit with the value readers must see from now on. */
  public void put(Object id, V value) {
    if (!settings.enabled()) {
      return;
    }
    String key = key(id);
    String encoded = encode(value);
    Duration ttl = jitteredTtl();
    if (versionOf != null) {
      invalidateNear(id, versionOf.applyAsLong(value));
    }
    write(key, () -> {
      if (versionOf == null) {
        redis.opsForValue().set(key, encoded, ttl);
      }
      else {
        redis.execute(PUT_IF_NEWER, List.of(key), String.valueOf(versionOf.applyAsLong(value)), encoded,
            String.valueOf(ttl.toMillis()));
      }
    });
  }

  /**
   * Remembers that the thing is gone (after a delete), so readers get a fast 404 instead of a database query.
   * In a versioned cache the marker outranks every version, so a late write-through cannot bring it back.
   */
  public void putAbsent(Object id) {
    if (settings.enabled()) {
      String key = key(id);
      String marker = versionOf == null ? ABSENT : Long.MAX_VALUE + "|" + ABSENT;
      invalidateNear(id, Long.MAX_VALUE);
      write(key, () -> redis.opsForValue().set(key, marker, settings.negativeTtl()));
    }
  }

  public void evict(Object id) {
    if (settings.enabled()) {
      String key = key(id);
      if (near != null) {
        near.invalidate(key);
      }
      write(key, () -> redis.delete(key));
    }
  }

  private Optional<V> loadOnce(String key, Supplier<Optional<V>> loader) {
    CompletableFuture<Optional<V>> flight = new CompletableFuture<>();
    CompletableFuture<Optional<V>> leader = inFlight.putIfAbsent(key, flight);
    if (leader != null) {
      return awaitLeader(leader);
    }
    try {
      long failedWritesBefore = failedWrites.get();
      Optional<V> loaded = loader.get();
      loads.increment();
      String encoded = loaded.map(this::encode).orElse(ABSENT);
      Duration ttl = loaded.isPresent() ? jitteredTtl() : settings.negativeTtl();
      if (failedWrites.get() == failedWritesBefore) {
        redis("fill", () -> redis.opsForValue().setIfAbsent(key, encoded, ttl));
      }
      flight.complete(loaded);
      return loaded;
    }
    catch (RuntimeException ex) {
      flight.completeExceptionally(ex);
      throw ex;
    }
    finally {
      inFlight.remove(key, flight);
    }
  }

  private Optional<V> awaitLeader(CompletableFuture<Optional<V>> leader) {
    try {
      return leader.join();
    }
    catch (CompletionException ex) {
      throw ex.getCause() instanceof RuntimeException cause ? cause : ex;
    }
  }

  private String encode(V value) {
    String encoded = json.writeValueAsString(value);
    return versionOf == null ? encoded : versionOf.applyAsLong(value) + "|" + encoded;
  }

  // null means "not usable, load it": e.g. a value written by an older, incompatible version of the type
  private @Nullable Optional<V> decode(String key, String cached) {
    String body = versionOf == null ? cached : cached.substring(cached.indexOf('|') + 1);
    if (ABSENT.equals(body)) {
      return Optional.empty();
    }
    try {
      return Optional.of(json.readValue(body, type));
    }
    catch (JacksonException ex) {
      log.warn("Dropping unreadable entry {} from cache {}", key, name);
      redis("evict", () -> redis.delete(key));
      return null;
    }
  }

  private void write(String key, Runnable operation) {
    boolean written = redis("write", () -> {
      operation.run();
      return Boolean.TRUE;
    }) != null;
    if (!written) {
      failedWrites.incrementAndGet();
      pendingInvalidations.add(key);
    }
  }

  private <T> @Nullable T redis(String operation, Supplier<@Nullable T> call) {
    try {
      if (!pendingInvalidations.isEmpty()) {
        invalidatePending();
      }
      T result = call.get();
      if (failing.compareAndSet(true, false)) {
        log.info("Redis answers again; cache {} is back in use", name);
      }
      return result;
    }
    catch (RuntimeException ex) {
      meters.counter("shopscale.cache.errors", "cache", name, "operation", operation).increment();
      if (failing.compareAndSet(false, true)) {
        log.warn("Redis failed during {} on cache {}; serving from the database until it answers again: {}",
            operation, name, ex.toString());
      }
      return null;
    }
  }

  private void invalidatePending() {
    for (String key : Set.copyOf(pendingInvalidations)) {
      redis.delete(key);
      pendingInvalidations.remove(key);
    }
  }

  private Duration jitteredTtl() {
    double factor = 1 + settings.ttlJitter() * (2 * ThreadLocalRandom.current().nextDouble() - 1);
    return Duration.ofMillis(Math.max(1, Math.round(settings.ttl().toMillis() * factor)));
  }

  private String key(Object id) {
    return keyPrefix + id;
  }
}
