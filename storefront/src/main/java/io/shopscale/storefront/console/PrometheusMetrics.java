package io.shopscale.storefront.console;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/**
 * Figures from Prometheus's HTTP API (compose, Kubernetes: the services' actuators are not reachable from here, and
 * Prometheus already keeps the rates), one instant query per figure, grouped by the {@code application} tag every
 * ShopScale meter carries.
 */
final class PrometheusMetrics implements MetricsSource {

  private static final Logger log = LoggerFactory.getLogger(PrometheusMetrics.class);
  private static final String TRAFFIC = "uri!~\"/actuator.*\"";

  /** Figure → PromQL answering one value per application. */
  private static final Map<Figure, String> QUERIES = new LinkedHashMap<>();

  static {
    QUERIES.put(Figure.REQUESTS,
        "sum by (application) (rate(http_server_requests_seconds_count{" + TRAFFIC + "}[1m]))");
    QUERIES.put(Figure.ERRORS, "100 * sum by (application) (rate(http_server_requests_seconds_count{" + TRAFFIC
        + ",status=~\"5..\"}[1m])) / sum by (application) (rate(http_server_requests_seconds_count{" + TRAFFIC
        + "}[1m]))");
    QUERIES.put(Figure.P50, "1000 * histogram_quantile(0.5, sum by (application, le) "
        + "(rate(http_server_requests_seconds_bucket{" + TRAFFIC + "}[1m])))");
    QUERIES.put(Figure.P99, "1000 * histogram_quantile(0.99, sum by (application, le) "
        + "(rate(http_server_requests_seconds_bucket{" + TRAFFIC + "}[1m])))");
    QUERIES.put(Figure.CACHE_HITS, "100 * sum by (application) (rate(shopscale_cache_requests_total{result=\"hit\"}"
        + "[1m])) / sum by (application) (rate(shopscale_cache_requests_total[1m]))");
    QUERIES.put(Figure.CACHE_ERRORS, "sum by (application) (rate(shopscale_cache_errors_total[1m]))");
    QUERIES.put(Figure.RATE_LIMITED, "sum by (application) (rate(shopscale_ratelimit_requests_total"
        + "{result=\"limited\"}[1m]))");
    QUERIES.put(Figure.FAIL_OPEN, "sum by (application) (rate(shopscale_ratelimit_failopen_total[1m]))");
    QUERIES.put(Figure.OUTBOX_BACKLOG, "max by (application) (shopscale_outbox_backlog)");
    QUERIES.put(Figure.PUBLISH_LAG, "1000 * max by (application) (shopscale_outbox_publish_lag_seconds_max)");
    QUERIES.put(Figure.CONSUMER_LAG, "max by (application) (kafka_consumer_fetch_manager_records_lag_max)");
    QUERIES.put(Figure.DEAD_LETTERS, "sum by (application) (shopscale_kafka_dead_letters_total)");
    QUERIES.put(Figure.REPLICA_HEALTHY, "min by (application) (shopscale_datasource_replica_healthy)");
    QUERIES.put(Figure.REPLICA_LAG, "max by (application) (shopscale_datasource_replica_lag_seconds)");
    QUERIES.put(Figure.REPLICA_READS, "100 * sum by (application) (rate(shopscale_datasource_reads_total"
        + "{pool!=\"primary\"}[1m])) / sum by (application) (rate(shopscale_datasource_reads_total[1m]))");
    QUERIES.put(Figure.CONFIRMED, "60 * sum by (application) (rate(shopscale_orders_completed_total"
        + "{status=\"CONFIRMED\"}[1m]))");
    QUERIES.put(Figure.CANCELLED, "60 * sum by (application) (rate(shopscale_orders_completed_total"
        + "{status=\"CANCELLED\"}[1m]))");
  }

  private static final String BREAKERS = "max by (application, name, state) (resilience4j_circuitbreaker_state) == 1";
  private static final String BULKHEADS = "max by (application, name) (resilience4j_bulkhead_max_allowed_concurrent_calls"
      + " - resilience4j_bulkhead_available_concurrent_calls)";

  private final RestClient http;
  private final URI prometheus;

  PrometheusMetrics(RestClient.Builder builder, URI prometheus) {
    var timeouts = ClientHttpRequestFactoryBuilder.jdk().build(HttpClientSettings.defaults()
        .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(2000)));
    this.http = builder.clone().requestFactory(timeouts).build();
    this.prometheus = prometheus;
  }

  @Override
  public Map<String, Map<Figure, Double>> read() {
    Map<String, Map<Figure, Double>> figures = new TreeMap<>();
    QUERIES.forEach((figure, query) -> query(query, result -> figure, figures));
    query(BREAKERS, result -> Figure.breaker(result.path("metric").path("name").asString("")), figures,
        result -> switch (result.path("metric").path("state").asString("")) {
          case "open" -> 1.0;
          case "half_open" -> 0.5;
          default -> 0.0;
        });
    query(BULKHEADS, result -> Figure.bulkhead(result.path("metric").path("name").asString("")), figures);
    return figures;
  }

  private void query(String promql, Function<JsonNode, Figure> figure, Map<String, Map<Figure, Double>> figures) {
    query(promql, figure, figures, result -> Double.parseDouble(result.path("value").path(1).asString("NaN")));
  }

  private void query(String promql, Function<JsonNode, Figure> figure, Map<String, Map<Figure, Double>> figures,
      Function<JsonNode, Double> value) {
    JsonNode answer;
    try {
      URI uri = UriComponentsBuilder.fromUri(prometheus).path("/api/v1/query").queryParam("query", "{q}")
          .buildAndExpand(promql).encode().toUri();
      answer = http.get().uri(uri).retrieve().body(JsonNode.class);
    }
    catch (RestClientException ex) {
      log.debug("Prometheus query failed: {}: {}", promql, ex.toString());
      return;
    }
    if (answer == null) {
      return;
    }
    for (JsonNode result : answer.path("data").path("result")) {
      String application = result.path("metric").path("application").asString("");
      double number = value.apply(result);
      if (!application.isEmpty()) {
        // no traffic makes a ratio 0/0: shown as 0, as the actuator source does
        figures.computeIfAbsent(application, name -> new LinkedHashMap<>()).put(figure.apply(result),
            Double.isFinite(number) ? number : 0);
      }
    }
  }

  @Override
  public String describe() {
    return "Prometheus at " + prometheus;
  }
}
