package io.shopscale.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pattern console ({@code /console}, served by the storefront through the gateway) in a real headless Chromium
 * ({@link Chromium}; skipped, with the reason, where none is installed): it shows each service's figures, they move
 * with the traffic the test sends without the page being reloaded (htmx polls every 2 s), and breaking Redis shows
 * on it while catalog reads keep succeeding.
 *
 * <p>The test breaks Redis itself ({@link RunningSystem#stopRedis()}) instead of pressing the console's "redis down"
 * button or running {@code ./shopscale chaos redis down}: this JVM owns the Redis the services use, and the launcher
 * answers "not ours" for a server it did not start. The chaos commands themselves are tested in local-stack's
 * {@code ChaosControlsIT}. {@link Isolated}: nothing else may run while every service has lost Redis.
 */
@SystemTest
@Isolated("stops the Redis every service uses")
class ConsoleBrowserIT {

  /** htmx asks for new figures every 2 s; a figure reflects the traffic between two of those reads. */
  private static final Duration A_FEW_REFRESHES = Duration.ofSeconds(20);
  private static final List<String> SERVICES = List.of("storefront", "user-service", "inventory-service",
      "order-service", "payment-service");
  private static final List<String> GOLDEN_SIGNALS = List.of("requests", "errors", "p50", "p99");
  private static final Pattern NUMBER = Pattern.compile("^-?\\d+(\\.\\d+)?");

  @RegisterExtension
  static final Chromium chromium = new Chromium();

  @Test
  void showsEveryServicesGoldenSignalsAndInventorysRequestRateRisesWithCatalogReadsWithoutAReload(
      RunningSystem system) {
    Gateway gateway = new Gateway(system.gateway());
    List<String> products = productPaths(gateway);

    // given the console, with every service's golden signals on it
    chromium.browser().get(system.gateway().resolve("/console").toString());
    for (String service : SERVICES) {
      for (String signal : GOLDEN_SIGNALS) {
        awaitFigure(service + "-" + signal);
      }
    }
    new WebDriverWait(chromium.browser(), A_FEW_REFRESHES)
        .withMessage("inventory-service's request rate under 5/s before")
        .until(page -> figure("inventory-service-requests") < 5);
    markThisPage();

    // when catalog reads go through the gateway, the inventory-service request rate on the page rises
    try (Traffic reads = Traffic.of(gateway, products)) {
      new WebDriverWait(chromium.browser(), A_FEW_REFRESHES)
          .withMessage("inventory-service's request rate to rise above 5/s")
          .until(page -> figure("inventory-service-requests") >= 5);
      chromium.shoot("console");
      assertThat(reads.failures()).as("catalog reads that did not answer 200").isEmpty();
    }

    // then it changed in place, and the chart drew it
    assertThat(samePage()).as("the figures changed in place, without a reload").isTrue();
    assertThat(chromium.browser().findElement(By.cssSelector("#inventory-service-requests polyline"))
        .getDomAttribute("points"))
        .as("the request-rate chart").isNotBlank();
  }

  @Test
  void withRedisDownCatalogReadsStillSucceedAndTheConsoleShowsInventorysCacheErrorsUntilRedisIsBack(
      RunningSystem system) {
    Gateway gateway = new Gateway(system.gateway());
    List<String> products = productPaths(gateway);
    products.forEach(product -> gateway.patiently(gateway.request(product, null).GET()).expect(200));

    // given the console with inventory-service's cache healthy
    chromium.browser().get(system.gateway().resolve("/console").toString());
    new WebDriverWait(chromium.browser(), A_FEW_REFRESHES).withMessage("inventory-service's cache errors at 0/s")
        .until(page -> text("inventory-service-cache-errors").equals("0/s"));
    assertThat(label("inventory-service-cache-errors")).isEqualTo("Cache errors");
    markThisPage();

    try (Traffic reads = Traffic.of(gateway, products)) {
      // when Redis goes down while the catalog is read through the gateway
      system.stopRedis();
      try {
        // then the console shows inventory-service's cache errors, marked bad, while every read still answers 200
        new WebDriverWait(chromium.browser(), A_FEW_REFRESHES).withMessage("inventory-service's cache errors above 0")
            .until(page -> figure("inventory-service-cache-errors") > 0
                && cardClass("inventory-service-cache-errors").contains("bad"));
        chromium.shoot("console-redis-down");
        int during = reads.served();
        new WebDriverWait(chromium.browser(), Duration.ofSeconds(5)).until(page -> reads.served() > during);
        assertThat(reads.failures()).as("catalog reads that did not answer 200 while Redis was down").isEmpty();
        assertThat(samePage()).as("the figures changed in place, without a reload").isTrue();
      }
      finally {
        system.startRedis();
      }

      // and once Redis is back the errors stop (the cache reconnects within seconds)
      new WebDriverWait(chromium.browser(), A_FEW_REFRESHES).withMessage("inventory-service's cache errors back to 0/s")
          .until(page -> text("inventory-service-cache-errors").equals("0/s"));
      assertThat(reads.failures()).as("catalog reads that did not answer 200").isEmpty();
    }
    // the gateway's rate limiter counts again (it failed open meanwhile): later tests meet the system as it was
    new WebDriverWait(chromium.browser(), A_FEW_REFRESHES).withMessage("the gateway's rate limiter to answer again")
        .until(page -> gateway.get("/api/products?limit=1", null).header("X-RateLimit-Remaining") != null);
  }

  /** Paths of a few products of the demo catalog, for reads that go through inventory-service's cache. */
  private static List<String> productPaths(Gateway gateway) {
    List<String> paths = new ArrayList<>();
    gateway.patiently(gateway.request("/api/products?limit=5", null).GET()).expect(200).json().get("items")
        .forEach(item -> paths.add("/api/products/" + item.get("id").asString()));
    assertThat(paths).as("products in the catalog").isNotEmpty();
    return paths;
  }

  private void awaitFigure(String id) {
    new WebDriverWait(chromium.browser(), A_FEW_REFRESHES).withMessage("figure " + id + " on the console")
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#" + id + " .card-value")));
  }

  /** The figure's text as the page shows it now ("12/s", "0/s", "–"); "" while a refresh swaps it. */
  private String text(String id) {
    try {
      return chromium.browser().findElement(By.cssSelector("#" + id + " .card-value")).getText().strip();
    }
    catch (NoSuchElementException | StaleElementReferenceException ex) {
      return "";
    }
  }

  /** The figure's number now; NaN while it has none. */
  private double figure(String id) {
    Matcher number = NUMBER.matcher(text(id));
    return number.find() ? Double.parseDouble(number.group()) : Double.NaN;
  }

  private String label(String id) {
    return chromium.browser().findElement(By.cssSelector("#" + id + " .card-label")).getText().strip();
  }

  private String cardClass(String id) {
    try {
      String classes = chromium.browser().findElement(By.id(id)).getDomAttribute("class");
      return classes == null ? "" : classes;
    }
    catch (NoSuchElementException | StaleElementReferenceException ex) {
      return "";
    }
  }

  /** A mark on this page's window: a reload or a navigation would lose it. */
  private void markThisPage() {
    ((JavascriptExecutor) chromium.browser()).executeScript("window.shopscaleSamePage = true;");
  }

  private boolean samePage() {
    return Boolean.TRUE.equals(((JavascriptExecutor) chromium.browser()).executeScript(
        "return window.shopscaleSamePage === true;"));
  }

  /**
   * Anonymous catalog reads through the gateway, one every 80 ms (about 12/s: under the anonymous rate limit of 20/s,
   * so none is refused), on a thread of their own until closed; every answer other than 200 is kept.
   */
  private static final class Traffic implements AutoCloseable {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger served = new AtomicInteger();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;

    private Traffic(Gateway gateway, List<String> paths) {
      this.thread = Thread.ofVirtual().name("console-traffic").start(() -> {
        for (int i = 0; running.get(); i++) {
          String path = paths.get(i % paths.size());
          String failure = read(gateway, path);
          if (failure == null) {
            served.incrementAndGet();
          }
          else {
            failures.add(failure);
          }
          LockSupport.parkNanos(Duration.ofMillis(80).toNanos());
        }
      });
    }

    static Traffic of(Gateway gateway, List<String> paths) {
      return new Traffic(gateway, paths);
    }

    private static @Nullable String read(Gateway gateway, String path) {
      try {
        Gateway.Response response = gateway.get(path, null);
        return response.status() == 200 ? null : path + " answered " + response.status() + ": " + response.body();
      }
      catch (RuntimeException ex) {
        return String.format(Locale.ROOT, "%s failed: %s", path, ex);
      }
    }

    int served() {
      return served.get();
    }

    List<String> failures() {
      synchronized (failures) {
        return List.copyOf(failures);
      }
    }

    @Override
    public void close() {
      running.set(false);
      try {
        thread.join(Duration.ofSeconds(20));
      }
      catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
