package io.shopscale.storefront.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last few minutes of every figure, read on demand: a page asking for figures triggers a read unless one is
 * younger than most of the refresh interval, so nobody watching costs nothing and many watchers cost one read.
 */
final class ConsoleHistory {

  /** One figure's value at one time. */
  record Point(Instant at, double value) {
  }

  /** One service's figures now and their recent history. */
  record ServiceView(String name, boolean answering, Map<Figure, Double> now, Map<Figure, List<Point>> history) {
  }

  private final MetricsSource source;
  private final Clock clock;
  private final Duration window;
  private final Duration minInterval;
  private final Map<String, Map<Figure, Deque<Point>>> series = new LinkedHashMap<>();
  private Map<String, Map<Figure, Double>> latest = Map.of();
  private Instant lastRead = Instant.MIN;

  ConsoleHistory(MetricsSource source, Clock clock, Duration window, Duration refresh) {
    this.source = source;
    this.clock = clock;
    this.window = window;
    this.minInterval = refresh.multipliedBy(3).dividedBy(4);
  }

  /** Every service seen so far, with its current figures (a service that stopped answering shows as such). */
  synchronized List<ServiceView> current() {
    Instant now = clock.instant();
    if (Duration.between(lastRead, now).compareTo(minInterval) >= 0) {
      latest = source.read();
      lastRead = now;
      latest.forEach((service, figures) -> figures.forEach((figure, value) -> {
        Deque<Point> points = series.computeIfAbsent(service, name -> new LinkedHashMap<>())
            .computeIfAbsent(figure, key -> new ArrayDeque<>());
        points.addLast(new Point(now, value));
      }));
      Instant oldest = now.minus(window);
      series.values().forEach(figures -> figures.values().forEach(points -> {
        while (!points.isEmpty() && points.peekFirst().at().isBefore(oldest)) {
          points.removeFirst();
        }
      }));
      latest.keySet().forEach(service -> series.computeIfAbsent(service, name -> new LinkedHashMap<>()));
    }
    List<ServiceView> views = new ArrayList<>();
    series.forEach((service, figures) -> {
      Map<Figure, List<Point>> history = new LinkedHashMap<>();
      figures.forEach((figure, points) -> history.put(figure, List.copyOf(points)));
      views.add(new ServiceView(service, latest.containsKey(service), latest.getOrDefault(service, Map.of()),
          history));
    });
    return views;
  }

  String describeSource() {
    return source.describe();
  }
}
