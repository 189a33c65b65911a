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
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * One throw-away headless Chromium for a browser test: Debian's {@code chromium}, driven by Selenium through Debian's
 * {@code chromedriver} (nothing downloaded), with a fresh profile that {@link #close()} deletes. Where no Chromium is
 * installed, {@link #assumeInstalled()} skips the test class and says why (an assumption, never a silent pass).
 * {@code -Dshopscale.screenshots=DIR} makes {@link #shoot} save PNGs there (the README's screenshots).
 */
final class Chromium implements AutoCloseable {

  static final Path BINARY = Path.of(System.getProperty("shopscale.chromium", "/usr/bin/chromium"));
  static final Path DRIVER = Path.of(System.getProperty("shopscale.chromedriver", "/usr/bin/chromedriver"));
  private static final @Nullable String SCREENSHOTS = System.getProperty("shopscale.screenshots");

  final WebDriver browser;
  private final Path profile;

  private Chromium(WebDriver browser, Path profile) {
    this.browser = browser;
    this.profile = profile;
  }

  static void assumeInstalled() {
    Assumptions.assumeTrue(Files.isExecutable(BINARY) && Files.isExecutable(DRIVER),
        "Browser tests skipped: no Chromium at " + BINARY + " or no chromedriver at " + DRIVER
            + " (Debian: apt-get install -y chromium chromium-driver; .ci/run installs them)");
  }

  static Chromium open() {
    Path profile;
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
    WebDriver browser = new ChromeDriver(driver, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return new Chromium(browser, profile);
  }

  /** Saves what the browser shows as {@code DIR/<name>.png} when {@code -Dshopscale.screenshots=DIR} is set. */
  void shoot(String name) {
    if (SCREENSHOTS == null) {
      return;
    }
    try {
      Path directory = Files.createDirectories(Path.of(SCREENSHOTS));
      Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(png, directory.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  @Override
  public void close() {
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
    }
  }
}
