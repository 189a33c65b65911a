package io.shopscale.loadtest;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Last step of {@code -Pbench}, after Gatling passed its own assertions: says where the summary and the HTML report
 * are, and fails the build when 429s were more than {@code maxThrottledPercent} of the requests. Gatling counts a 429
 * as OK (so that its KO assertions are about the other answers); a run the rate limiter dominated measured the
 * limiter, not the system, and a limiter that answers 429 to everybody is broken.
 */
public final class SummaryCheck {

  private SummaryCheck() {
  }

  public static void main(String[] args) throws IOException {
    Path results = Path.of(args.length > 0 ? args[0] : "target/gatling");
    Path figuresFile = results.resolve(ShopScaleSimulation.FIGURES_FILE);
    if (!Files.isRegularFile(figuresFile)) {
      throw new IllegalStateException("No " + figuresFile + ": the simulation did not finish (see Gatling's output "
          + "above)");
    }
    Properties figures = new Properties();
    try (Reader reader = Files.newBufferedReader(figuresFile, StandardCharsets.UTF_8)) {
      figures.load(reader);
    }
    System.out.println("[load-tests] summary: " + results.resolve(ShopScaleSimulation.SUMMARY_FILE));
    latestReport(results).ifPresent(report -> System.out.println("[load-tests] Gatling HTML report: " + report));

    double throttled = Double.parseDouble(figures.getProperty("throttledPercent", "0"));
    double max = Double.parseDouble(figures.getProperty("maxThrottledPercent", "5"));
    if (throttled > max) {
      throw new IllegalStateException(String.format(Locale.ROOT, "%s of %s requests (%.2f %%) were answered 429, "
          + "more than maxThrottledPercent=%.1f %%: the rate limiter dominated the run (or limits everybody). Lower "
          + "-Drate, or raise -DclientAddresses for the anonymous calls.", figures.getProperty("throttled"),
          figures.getProperty("requests"), throttled, max));
    }
  }

  private static Optional<Path> latestReport(Path results) throws IOException {
    if (!Files.isDirectory(results)) {
      return Optional.empty();
    }
    try (Stream<Path> runs = Files.list(results)) {
      return runs.map(run -> run.resolve("index.html")).filter(Files::isRegularFile)
          .max(Comparator.comparing(SummaryCheck::modified));
    }
  }

  private static long modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    }
    catch (IOException ex) {
      return 0;
    }
  }
}
