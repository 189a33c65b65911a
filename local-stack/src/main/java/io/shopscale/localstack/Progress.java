package io.shopscale.localstack;

import java.util.Collection;
import java.util.Locale;

/**
 * What the user sees while the stack comes up: one line per component when it is ready, and who is still awaited.
 * On a terminal the waiting line is redrawn in place; in a log file (detached mode) it is repeated every few seconds.
 */
final class Progress {

  private static final long REPEAT_NANOS = 5_000_000_000L;

  private final long started = System.nanoTime();
  // the script tells when its stdout is a terminal: run in the background, this JVM cannot see it
  private final boolean terminal = System.console() != null || "1".equals(System.getenv("SHOPSCALE_TTY"));
  private long lastWaitingLine;
  private boolean waitingLineOpen;

  synchronized void done(String component, String detail) {
    clearWaitingLine();
    System.out.printf(Locale.ROOT, "  ✔ %-18s %s%n", component, detail);
  }

  void done(String component, String detail, long startedNanos) {
    done(component, String.format(Locale.ROOT, "%s (%.1f s)", detail, seconds(startedNanos)));
  }

  synchronized void waiting(Collection<String> components) {
    String line = String.format(Locale.ROOT, "  … waiting for %s (%.0f s)", String.join(", ", components),
        seconds(started));
    if (terminal) {
      System.out.print("\r\033[K" + line);
      System.out.flush();
      waitingLineOpen = true;
    }
    else if (System.nanoTime() - lastWaitingLine > REPEAT_NANOS) {
      System.out.println(line);
      lastWaitingLine = System.nanoTime();
    }
  }

  synchronized void say(String line) {
    clearWaitingLine();
    System.out.println(line);
  }

  double elapsedSeconds() {
    return seconds(started);
  }

  private void clearWaitingLine() {
    if (waitingLineOpen) {
      System.out.print("\r\033[K");
      waitingLineOpen = false;
    }
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }
}
