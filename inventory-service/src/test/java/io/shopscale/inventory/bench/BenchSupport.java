package io.shopscale.inventory.bench;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.context.ConfigurableApplicationContext;

/** What every benchmark here needs around its load loop: bounded waits, named daemon threads, the app's port. */
final class BenchSupport {

  /** No wait of a benchmark lasts longer than this: a run always ends, even when something hangs. */
  static final Duration WAIT_LIMIT = Duration.ofSeconds(60);

  private BenchSupport() {
  }

  static int port(ConfigurableApplicationContext app) {
    return app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
  }

  static double millis(long nanos) {
    return nanos / 1_000_000.0;
  }

  static void await(CountDownLatch latch) throws InterruptedException, TimeoutException {
    if (!latch.await(WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new TimeoutException("Benchmark threads did not line up within " + WAIT_LIMIT);
    }
  }

  static void stop(ExecutorService executor) throws InterruptedException {
    executor.shutdownNow();
    if (!executor.awaitTermination(WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("Benchmark threads still running after " + WAIT_LIMIT);
    }
  }

  static ThreadFactory named(String name) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
