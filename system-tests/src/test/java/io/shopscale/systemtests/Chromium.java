package io.shopscale.systemtests;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A throw-away headless Chromium for each test of a browser test class, registered as
 * {@code @RegisterExtension static final Chromium chromium = new Chromium();}: Debian's {@code chromium}, driven by
 * Selenium through Debian's {@code chromedriver} (nothing downloaded), with a fresh profile per test, deleted after
 * it. Where no Chromium is installed the class is skipped, and says why (an assumption, never a silent pass).
 * {@code -Dshopscale.screenshots=DIR} makes {@link #shoot} save PNGs of whole pages there (the README's screenshots).
 */
final class Chromium implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback {

  static final Path BINARY = Path.of(System.getProperty("shopscale.chromium", "/usr/bin/chromium"));
  static final Path DRIVER = Path.of(System.getProperty("shopscale.chromedriver", "/usr/bin/chromedriver"));
  private static final @Nullable String SCREENSHOTS = System.getProperty("shopscale.screenshots");
  /** Taller pages are cut: a 1280 × 6000 PNG is already far more than a README shows. */
  private static final int MAX_SHOT_HEIGHT = 6000;

  private @Nullable WebDriver browser;
  private @Nullable Path profile;

  @Override
  public void beforeAll(ExtensionContext context) {
    Assumptions.assumeTrue(Files.isExecutable(BINARY) && Files.isExecutable(DRIVER),
        "Browser tests skipped: no Chromium at " + BINARY + " or no chromedriver at " + DRIVER
            + " (Debian: apt-get install -y chromium chromium-driver; .ci/run installs them)");
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    try {
      profile = Files.createTempDirectory("shopscale-chromium-");
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY.toFile());
    // a quiet, throw-away browser: no sandbox (root in CI), no network of its own, a fresh profile every test
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
    ChromeDriverService driver = new ChromeDriverService.Builder()
        .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
    browser = new ChromeDriver(driver, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  /** The current test's browser. */
  WebDriver browser() {
    if (browser == null) {
      throw new IllegalStateException("No browser outside a test");
    }
    return browser;
  }

  /**
   * Saves the whole page as {@code DIR/<name>.png} when {@code -Dshopscale.screenshots=DIR} is set: the window grows
   * to the page's height for the shot (a screenshot holds only what the window shows), then shrinks back.
   */
  void shoot(String name) {
    if (SCREENSHOTS == null) {
      return;
    }
    WebDriver page = browser();
    Dimension window = page.manage().window().getSize();
    Number height = (Number) ((JavascriptExecutor) page).executeScript(
        "return document.documentElement.scrollHeight;");
    page.manage().window()
        .setSize(new Dimension(window.getWidth(), Math.min(height.intValue() + 120, MAX_SHOT_HEIGHT)));
    try {
      Path directory = Files.createDirectories(Path.of(SCREENSHOTS));
      Path png = ((TakesScreenshot) page).getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(png, directory.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    finally {
      page.manage().window().setSize(window);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (browser == null || profile == null) {
      return;
    }
    try {
      browser.quit();
    }
    finally {
      try (var files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
      catch (IOException ex) {
        System.err.println("Could not delete the browser profile " + profile + ": " + ex);
      }
      browser = null;
      profile = null;
    }
  }
}
