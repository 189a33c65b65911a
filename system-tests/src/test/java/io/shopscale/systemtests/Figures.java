package io.shopscale.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Measured figures of a run: printed, and appended to {@code target/system-test-figures.txt}. */
final class Figures {

  private static final Path FILE = Path.of("target", "system-test-figures.txt");

  private Figures() {
  }

  static void report(String format, Object... arguments) {
    String line = Instant.now() + "  " + String.format(Locale.ROOT, format, arguments);
    System.out.println(line);
    try {
      Files.createDirectories(FILE.getParent());
      Files.writeString(FILE, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** The nearest-rank percentile of {@code values}; zero when there are none. */
  static Duration percentile(List<Duration> values, int percentile) {
    if (values.isEmpty()) {
      return Duration.ZERO;
    }
    List<Duration> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  static double seconds(long fromNanos) {
    return (System.nanoTime() - fromNanos) / 1e9;
  }
}
