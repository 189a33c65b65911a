package io.shopscale.inventory.views;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.shopscale.testsupport.ShopScaleInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the write-behind flush saves PostgreSQL: the same views ({@code -Dbench.views}, 20,000 by default, at random
 * over {@code -Dbench.products}, 200) applied write-through, one {@code UPDATE ... SET views = views + 1} per view in a
 * transaction of its own, and written behind, one {@code HINCRBY} per view in Redis then one {@link ViewFlush#flush()}
 * (one transaction for the batch, one more forgetting old batch ids). Both from {@code -Dbench.threads} (8) concurrent
 * callers, as concurrent reads would, against the real PostgreSQL and Redis, with a checkpoint before each measured
 * step so each pays the same full-page writes. Prints the time and the WAL written by each; asserts only that both
 * stored every view.
 *
 * <p>Runs only with {@code ./mvnw -B -pl inventory-service -am -Pbench verify}.
 */
@SpringBootTest(properties = ProductViewsIT.NO_SCHEDULED_FLUSH)
@ShopScaleInfrastructure
class ViewFlushBenchmark {

  private static final int VIEWS = Integer.getInteger("bench.views", 20_000);
  private static final int PRODUCTS = Integer.getInteger("bench.products", 200);
  private static final int THREADS = Integer.getInteger("bench.threads", 8);
  private static final Duration WAIT_LIMIT = Duration.ofMinutes(5);

  @Autowired
  ProductViews views;

  @Autowired
  ViewFlush flush;

  @Autowired
  JdbcClient jdbc;

  @Test
  void oneTransactionPerBatchVersusOneUpdatePerView() {
    // given: products with a stored count (the write-through UPDATE needs the row; the flush's upsert then updates
    // too), and a warm-up of both ways on products of their own, so neither way pays for the first compilation
    List<UUID> warmUp = products(PRODUCTS);
    List<UUID> measured = products(PRODUCTS);
    writeThrough(plan(warmUp, VIEWS, 1));
    writeBehind(plan(warmUp, VIEWS, 2));
    List<UUID> plan = plan(measured, VIEWS, 3);

    // when: a checkpoint before each measured step
    Figures through = measure(() -> writeThrough(plan));
    Figures counting = measure(() -> count(plan));
    Figures flushing = measure(flush::flush);

    // then: both ways stored every view
    Map<UUID, Long> planned = plan.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    for (UUID product : measured) {
      assertThat(views.stored(product)).contains(2 * planned.getOrDefault(product, 0L));
    }
    double behindMillis = counting.millis() + flushing.millis();
    long behindWal = counting.walBytes() + flushing.walBytes();
    System.out.printf(Locale.ROOT, """
        %n=== ShopScale view flush benchmark ===
        %,d views at random over %,d products, %d concurrent callers; PostgreSQL %s (fsync %s, synchronous_commit %s)
        | way | PostgreSQL transactions | time ms | WAL written |
        |---|---|---|---|
        | write-through: one UPDATE per view | %,d | %,.0f | %,d B |
        | write-behind: one HINCRBY per view (Redis) | 0 | %,.0f | %,d B |
        | write-behind: the flush | 2 (the batch; old batch ids) | %,.1f | %,d B |
        | write-behind: both | 2 | %,.0f | %,d B |
        write-behind/write-through: time x%.4f (the flush alone x%.5f), WAL x%.5f
        === end ===%n""",
        VIEWS, PRODUCTS, THREADS, setting("server_version"), setting("fsync"), setting("synchronous_commit"),
        VIEWS, through.millis(), through.walBytes(), counting.millis(), counting.walBytes(), flushing.millis(),
        flushing.walBytes(), behindMillis, behindWal, behindMillis / through.millis(),
        flushing.millis() / through.millis(), (double) behindWal / through.walBytes());
  }

  private List<UUID> products(int count) {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      UUID id = UUID.randomUUID();
      jdbc.sql("INSERT INTO product_views (product_id, views, updated_at) VALUES (?, 0, now())").param(id).update();
      ids.add(id);
    }
    return ids;
  }

  /** {@code views} product ids drawn at random from {@code products}, the same for a seed. */
  private static List<UUID> plan(List<UUID> products, int views, long seed) {
    Random random = new Random(seed);
    List<UUID> plan = new ArrayList<>(views);
    for (int i = 0; i < views; i++) {
      plan.add(products.get(random.nextInt(products.size())));
    }
    return plan;
  }

  private void writeThrough(List<UUID> plan) {
    concurrently(plan, product -> jdbc.sql("UPDATE product_views SET views = views + 1, updated_at = now() "
        + "WHERE product_id = ?").param(product).update());
  }

  private void writeBehind(List<UUID> plan) {
    count(plan);
    flush.flush();
  }

  private void count(List<UUID> plan) {
    concurrently(plan, views::count);
  }

  /** Each view of the plan applied once, by {@link #THREADS} callers taking the next one in turn. */
  private static void concurrently(List<UUID> plan, Consumer<UUID> view) {
    AtomicInteger next = new AtomicInteger();
    Callable<Void> caller = () -> {
      for (int i = next.getAndIncrement(); i < plan.size(); i = next.getAndIncrement()) {
        view.accept(plan.get(i));
      }
      return null;
    };
    ExecutorService callers = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<Void>> running = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        running.add(callers.submit(caller));
      }
      for (Future<Void> one : running) {
        one.get(WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
    catch (Exception ex) {
      throw new IllegalStateException("Applying the views failed", ex);
    }
    finally {
      callers.shutdownNow();
    }
  }

  private Figures measure(Runnable way) {
    jdbc.sql("CHECKPOINT").update();
    String walBefore = jdbc.sql("SELECT CAST(pg_current_wal_lsn() AS text)").query(String.class).single();
    long started = System.nanoTime();
    way.run();
    double millis = (System.nanoTime() - started) / 1e6;
    long wal = jdbc.sql("SELECT CAST(pg_wal_lsn_diff(pg_current_wal_lsn(), CAST(? AS pg_lsn)) AS bigint)")
        .param(walBefore).query(Long.class).single();
    return new Figures(millis, wal);
  }

  private String setting(String name) {
    return jdbc.sql("SELECT current_setting(?)").param(name).query(String.class).single();
  }

  private record Figures(double millis, long walBytes) {
  }
}
