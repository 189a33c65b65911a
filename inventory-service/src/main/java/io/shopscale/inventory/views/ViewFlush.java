package io.shopscale.inventory.views;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.shopscale.platform.jobs.BackgroundWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Write-behind: adds the view counts waiting in Redis to {@code product_views}, a batch at a time, exactly once per
 * batch.
 *
 * <ol>
 * <li><b>Take</b>: the pending hash is renamed to a batch key of its own, atomically; views counted from then on go to
 * a new pending hash, the next batch.</li>
 * <li><b>Apply</b>: one transaction inserts the batch's id into {@code product_view_batches} and adds its counts; if
 * the id is already there, the batch was applied before and nothing is added.</li>
 * <li><b>Release</b>: the batch key is deleted.</li>
 * </ol>
 * Every run applies every batch key it finds, not only the one it took. So a service killed at any step loses nothing
 * and counts nothing twice: killed before a take, the counts wait in the pending hash; after a take, the batch waits
 * in Redis for the next run of any instance; after the commit, the batch id makes its re-application a no-op. What is
 * lost is what Redis loses: every view counted since the last flush (one {@code flush-every}) if Redis loses its data,
 * and views counted while Redis is down ({@code shopscale.inventory.views.lost}). Instances flushing at once are
 * harmless: a batch both apply commits once (the batch id's primary key), the other adds nothing.
 */
@Component
class ViewFlush {

  private static final Logger log = LoggerFactory.getLogger(ViewFlush.class);
  private static final RedisScript<Long> TAKE = RedisScript.of("""
      if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
      redis.call('RENAME', KEYS[1], KEYS[2])
      return 1
      """, Long.class);

  private final StringRedisTemplate redis;
  private final ViewKeys keys;
  private final BackgroundWork background;
  private final JdbcClient jdbc;
  private final JdbcTemplate batches;
  private final Clock clock;
  private final ViewsSettings settings;
  private final Timer flushes;
  private final Counter flushedViews;
  private final Counter appliedBatches;

  ViewFlush(StringRedisTemplate redis, ViewKeys keys, BackgroundWork background, JdbcClient jdbc,
      JdbcTemplate batches, Clock clock, ViewsSettings settings, MeterRegistry meters) {
    this.redis = redis;
    this.keys = keys;
    this.background = background;
    this.jdbc = jdbc;
    this.batches = batches;
    this.clock = clock;
    this.settings = settings;
    this.flushes = Timer.builder("shopscale.inventory.views.flushes").description("view count flush runs")
        .register(meters);
    this.flushedViews = Counter.builder("shopscale.inventory.views.flushed")
        .description("product views added to PostgreSQL").register(meters);
    this.appliedBatches = Counter.builder("shopscale.inventory.views.batches")
        .description("view count batches applied to PostgreSQL").register(meters);
  }

  // Not at start-up; a run that fails (Redis or PostgreSQL down) leaves every batch where it is for the next one.
  @Scheduled(fixedDelayString = "${shopscale.inventory.views.flush-every:10s}", initialDelayString = "${shopscale.inventory.views.flush-every:10s}")
  void scheduled() {
    try {
      flushes.record(this::flush);
    }
    catch (RuntimeException ex) {
      log.warn("View count flush failed; its batches wait in Redis for the next run: {}", ex.toString());
    }
  }

  /** Takes the pending counts as a batch and applies every batch waiting in Redis. */
  void flush() {
    take();
    for (String batch : waitingBatches()) {
      apply(batch);
      release(batch);
    }
    forgetOldBatches();
  }

  /** The first step alone: the pending counts become a batch; its key, or none when nothing was pending. */
  Optional<String> take() {
    String batch = keys.batch(UUID.randomUUID().toString());
    Long taken = redis.execute(TAKE, List.of(keys.pending(), batch));
    return taken != null && taken == 1 ? Optional.of(batch) : Optional.empty();
  }

  List<String> waitingBatches() {
    List<String> found = new ArrayList<>();
    try (Cursor<String> scan = redis.scan(ScanOptions.scanOptions().match(keys.batchPattern()).count(100).build())) {
      scan.forEachRemaining(found::add);
    }
    return found;
  }

  /** The second step alone: adds the batch's counts in one transaction, unless its id shows it was added before. */
  void apply(String batch) {
    Map<Object, Object> counts = redis.opsForHash().entries(batch);
    Timestamp now = Timestamp.from(clock.instant());
    background.run(() -> {
      int firstTime = jdbc.sql("""
          INSERT INTO product_view_batches (batch_id, flushed_at) VALUES (CAST(? AS uuid), ?) ON CONFLICT DO NOTHING
          """).params(keys.batchId(batch), now).update();
      if (firstTime == 0) {
        return; // committed by an earlier run that died before deleting the batch, or by another instance just now
      }
      List<Object[]> rows = new ArrayList<>();
      long views = 0;
      for (var count : counts.entrySet()) {
        long n = Long.parseLong(count.getValue().toString());
        rows.add(new Object[]{UUID.fromString(count.getKey().toString()), n, now});
        views += n;
      }
      batches.batchUpdate("""
          INSERT INTO product_views (product_id, views, updated_at) VALUES (?, ?, ?)
          ON CONFLICT (product_id) DO UPDATE SET views = product_views.views + EXCLUDED.views,
              updated_at = EXCLUDED.updated_at
          """, rows);
      appliedBatches.increment();
      flushedViews.increment(views);
    });
  }

  /** The third step alone. */
  void release(String batch) {
    redis.delete(batch);
  }

  private void forgetOldBatches() {
    Timestamp cutoff = Timestamp.from(clock.instant().minus(settings.batchRetention()));
    background.run(() -> jdbc.sql("DELETE FROM product_view_batches WHERE flushed_at < ?").param(cutoff).update());
  }
}
