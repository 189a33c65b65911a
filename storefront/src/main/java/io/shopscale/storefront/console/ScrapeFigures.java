package io.shopscale.storefront.console;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import io.shopscale.storefront.console.PrometheusText.Sample;

/**
 * The figures of one service from two consecutive scrapes of its {@code /actuator/prometheus}: counters become rates
 * over the time between them, histogram buckets become percentiles (as Prometheus's {@code histogram_quantile} does),
 * gauges are read as they are. A figure whose meters the service does not have is left out.
 */
final class ScrapeFigures {

  private ScrapeFigures() {
  }

  /** The console's own polling (and the probes) would otherwise be most of an idle service's traffic. */
  private static final Predicate<Sample> APPLICATION_TRAFFIC = sample -> !sample.label("uri").startsWith("/actuator");

  static Map<Figure, Double> between(List<Sample> earlier, List<Sample> after, double seconds) {
    Map<List<Object>, Double> before = new HashMap<>();
    earlier.forEach(sample -> before.put(List.of(sample.name(), sample.labels()), sample.value()));
    Map<Figure, Double> figures = new LinkedHashMap<>();
    double requests = delta(before, after, "http_server_requests_seconds_count", APPLICATION_TRAFFIC);
    if (has(after, "http_server_requests_seconds_count")) {
      figures.put(Figure.REQUESTS, requests / seconds);
      double errors = delta(before, after, "http_server_requests_seconds_count",
          APPLICATION_TRAFFIC.and(sample -> sample.label("status").startsWith("5")));
      figures.put(Figure.ERRORS, requests > 0 ? 100 * errors / requests : 0);
      Map<Double, Double> buckets = bucketDeltas(before, after);
      figures.put(Figure.P50, 1000 * quantile(0.5, buckets));
      figures.put(Figure.P99, 1000 * quantile(0.99, buckets));
    }
    if (has(after, "shopscale_cache_requests_total")) {
      double hits = delta(before, after, "shopscale_cache_requests_total",
          sample -> sample.label("result").equals("hit"));
      double all = delta(before, after, "shopscale_cache_requests_total", sample -> true);
      figures.put(Figure.CACHE_HITS, all > 0 ? 100 * hits / all : 0);
      figures.put(Figure.CACHE_ERRORS, delta(before, after, "shopscale_cache_errors_total", sample -> true) / seconds);
    }
    if (has(after, "shopscale_ratelimit_requests_total")) {
      figures.put(Figure.RATE_LIMITED, delta(before, after, "shopscale_ratelimit_requests_total",
          sample -> sample.label("result").equals("limited")) / seconds);
      figures.put(Figure.FAIL_OPEN, delta(before, after, "shopscale_ratelimit_failopen_total", sample -> true)
          / seconds);
    }
    for (Sample state : named(after, "resilience4j_circuitbreaker_state")) {
      if (state.value() == 1) {
        String name = state.label("name");
        figures.put(Figure.breaker(name), switch (state.label("state")) {
          case "open" -> 1.0;
          case "half_open" -> 0.5;
          default -> 0.0;
        });
      }
    }
    for (Sample available : named(after, "resilience4j_bulkhead_available_concurrent_calls")) {
      String name = available.label("name");
      double max = sum(after, "resilience4j_bulkhead_max_allowed_concurrent_calls",
          sample -> sample.label("name").equals(name));
      figures.put(Figure.bulkhead(name), Math.max(0, max - available.value()));
    }
    gauge(after, "shopscale_outbox_backlog", Figure.OUTBOX_BACKLOG, figures, 1);
    gauge(after, "shopscale_outbox_publish_lag_seconds_max", Figure.PUBLISH_LAG, figures, 1000);
    if (has(after, "kafka_consumer_fetch_manager_records_lag_max")) {
      figures.put(Figure.CONSUMER_LAG, named(after, "kafka_consumer_fetch_manager_records_lag_max").stream()
          .mapToDouble(Sample::value).filter(Double::isFinite).max().orElse(0));
    }
    if (has(after, "shopscale_outbox_backlog") || has(after, "shopscale_kafka_dead_letters_total")) {
      figures.put(Figure.DEAD_LETTERS, sum(after, "shopscale_kafka_dead_letters_total", sample -> true));
    }
    gauge(after, "shopscale_datasource_replica_healthy", Figure.REPLICA_HEALTHY, figures, 1);
    gauge(after, "shopscale_datasource_replica_lag_seconds", Figure.REPLICA_LAG, figures, 1);
    if (has(after, "shopscale_datasource_reads_total")) {
      double replica = delta(before, after, "shopscale_datasource_reads_total",
          sample -> !sample.label("pool").equals("primary"));
      double all = delta(before, after, "shopscale_datasource_reads_total", sample -> true);
      figures.put(Figure.REPLICA_READS, all > 0 ? 100 * replica / all : 0);
    }
    if (has(after, "shopscale_orders_completed_total") || has(after, "shopscale_order_saga_duration_seconds_count")) {
      figures.put(Figure.CONFIRMED, 60 * delta(before, after, "shopscale_orders_completed_total",
          sample -> sample.label("status").equals("CONFIRMED")) / seconds);
      figures.put(Figure.CANCELLED, 60 * delta(before, after, "shopscale_orders_completed_total",
          sample -> sample.label("status").equals("CANCELLED")) / seconds);
    }
    return figures;
  }

  private static void gauge(List<Sample> samples, String name, Figure figure, Map<Figure, Double> figures,
      double scale) {
    List<Sample> found = named(samples, name);
    if (!found.isEmpty()) {
      figures.put(figure, scale * found.stream().mapToDouble(Sample::value).filter(Double::isFinite).max()
          .orElse(0));
    }
  }

  private static boolean has(List<Sample> samples, String name) {
    return samples.stream().anyMatch(sample -> sample.name().equals(name));
  }

  private static List<Sample> named(List<Sample> samples, String name) {
    return samples.stream().filter(sample -> sample.name().equals(name)).toList();
  }

  private static double sum(List<Sample> samples, String name, Predicate<Sample> which) {
    return samples.stream().filter(sample -> sample.name().equals(name)).filter(which).mapToDouble(Sample::value)
        .sum();
  }

  /** A counter's increase; a restarted service (counter went down) counts from zero, as Prometheus's rate() does. */
  private static double delta(Map<List<Object>, Double> before, List<Sample> after, String name,
      Predicate<Sample> which) {
    double increase = 0;
    for (Sample now : named(after, name)) {
      if (which.test(now)) {
        increase += increase(before, now);
      }
    }
    return increase;
  }

  private static double increase(Map<List<Object>, Double> before, Sample now) {
    double then = before.getOrDefault(List.of(now.name(), now.labels()), 0.0);
    return now.value() >= then ? now.value() - then : now.value();
  }

  /** Upper bound (le) → requests at or under it, between the two scrapes, application traffic only. */
  private static Map<Double, Double> bucketDeltas(Map<List<Object>, Double> before, List<Sample> after) {
    Map<Double, Double> buckets = new TreeMap<>();
    for (Sample now : named(after, "http_server_requests_seconds_bucket")) {
      if (!APPLICATION_TRAFFIC.test(now)) {
        continue;
      }
      double le = now.label("le").equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(now.label("le"));
      buckets.merge(le, increase(before, now), Double::sum);
    }
    return buckets;
  }

  /** Linear interpolation inside the bucket the rank falls in; 0 without requests. */
  static double quantile(double q, Map<Double, Double> cumulative) {
    double total = cumulative.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
    if (total <= 0) {
      return 0;
    }
    double rank = q * total;
    double lowerBound = 0;
    double lowerCount = 0;
    for (var bucket : cumulative.entrySet()) {
      if (bucket.getValue() >= rank) {
        if (bucket.getKey().isInfinite()) {
          return lowerBound; // beyond the largest finite bound: the best known is that bound
        }
        double inBucket = bucket.getValue() - lowerCount;
        return inBucket <= 0
            ? bucket.getKey()
            : lowerBound + (bucket.getKey() - lowerBound) * (rank - lowerCount) / inBucket;
      }
      lowerBound = bucket.getKey();
      lowerCount = bucket.getValue();
    }
    return lowerBound;
  }
}
