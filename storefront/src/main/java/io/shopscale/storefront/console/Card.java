package io.shopscale.storefront.console;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.shopscale.storefront.console.ConsoleHistory.Point;
import org.jspecify.annotations.Nullable;

/**
 * One figure as the page shows it: the number now, a small chart of the last minutes (an SVG polyline, drawn on the
 * server: no script, nothing for the Content-Security-Policy to allow) and the link to its pattern.
 *
 * @param id the element id (service and figure): htmx keeps focus and the page keeps its place across refreshes
 * @param label what it is
 * @param value the number now, formatted, with its unit
 * @param state {@code ok}, {@code warn} or {@code bad}: a breaker that is open, a replica that is not healthy...
 * @param points the chart's polyline points in a 120 × 32 box
 * @param link its docs/patterns.md entry, or null for the golden signals
 */
record Card(String id, String label, String value, String state, String points, @Nullable String link) {

  static final int WIDTH = 120;
  static final int HEIGHT = 32;

  static Card of(String service, Figure figure, @Nullable Double now, List<Point> history, Instant at,
      Duration window, String patternsUrl) {
    return new Card(service + "-" + figure.key(), figure.label(), format(figure, now), state(figure, now),
        points(history, at, window), figure.pattern() == null ? null : patternsUrl + "#" + figure.pattern());
  }

  private static String format(Figure figure, @Nullable Double value) {
    if (value == null) {
      return "–";
    }
    if (figure.key().startsWith("breaker-")) {
      return value >= 1 ? "OPEN" : value > 0 ? "HALF OPEN" : "CLOSED";
    }
    if (figure == Figure.REPLICA_HEALTHY) {
      return value >= 1 ? "yes" : "NO";
    }
    String number = Math.abs(value) >= 100 || value == Math.rint(value)
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.1f", value);
    return figure.unit().isEmpty()
        ? number
        : number + (figure.unit().startsWith("/") || figure.unit().equals("%")
            ? ""
            : " ") + figure.unit();
  }

  private static String state(Figure figure, @Nullable Double value) {
    if (value == null) {
      return "ok";
    }
    if (figure.key().startsWith("breaker-")) {
      return value >= 1 ? "bad" : value > 0 ? "warn" : "ok";
    }
    if (figure == Figure.REPLICA_HEALTHY) {
      return value >= 1 ? "ok" : "bad";
    }
    if (figure == Figure.ERRORS || figure == Figure.CACHE_ERRORS || figure == Figure.FAIL_OPEN) {
      return value > 0 ? "bad" : "ok";
    }
    if (figure == Figure.DEAD_LETTERS || figure == Figure.OUTBOX_BACKLOG) {
      return value > 0 ? "warn" : "ok";
    }
    return "ok";
  }

  /** Time runs left to right over the window; values from 0 (bottom) to the largest seen (top, at least 1). */
  static String points(List<Point> history, Instant now, Duration window) {
    double max = Math.max(1, history.stream().mapToDouble(Point::value).filter(Double::isFinite).max().orElse(1));
    double span = window.toMillis();
    return history.stream().filter(point -> Double.isFinite(point.value())).map(point -> {
      double age = Duration.between(point.at(), now).toMillis();
      double x = WIDTH * Math.max(0, 1 - age / span);
      double y = HEIGHT - 1 - (HEIGHT - 2) * point.value() / max;
      return String.format(Locale.ROOT, "%.1f,%.1f", x, y);
    }).collect(Collectors.joining(" "));
  }
}
