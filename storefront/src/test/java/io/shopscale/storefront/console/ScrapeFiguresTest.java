package io.shopscale.storefront.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Two reads of a service's metrics, as Prometheus would turn them into rates, ratios and percentiles. */
class ScrapeFiguresTest {

  private static final String BEFORE = """
      http_server_requests_seconds_count{status="200",uri="/api/products"} 100
      http_server_requests_seconds_count{status="503",uri="/api/orders"} 0
      http_server_requests_seconds_count{status="200",uri="/actuator/prometheus"} 500
      http_server_requests_seconds_bucket{status="200",uri="/api/products",le="0.025"} 90
      http_server_requests_seconds_bucket{status="200",uri="/api/products",le="0.1"} 100
      http_server_requests_seconds_bucket{status="200",uri="/api/products",le="+Inf"} 100
      shopscale_cache_requests_total{cache="products",result="hit"} 10
      shopscale_cache_requests_total{cache="products",result="miss"} 10
      shopscale_cache_errors_total{cache="products",operation="get"} 0
      shopscale_datasource_reads_total{pool="primary"} 5
      shopscale_datasource_reads_total{pool="replica-0"} 5
      """;

  private static final String AFTER = """
      http_server_requests_seconds_count{status="200",uri="/api/products"} 118
      http_server_requests_seconds_count{status="503",uri="/api/orders"} 2
      http_server_requests_seconds_count{status="200",uri="/actuator/prometheus"} 900
      http_server_requests_seconds_bucket{status="200",uri="/api/products",le="0.025"} 99
      http_server_requests_seconds_bucket{status="200",uri="/api/products",le="0.1"} 118
      http_server_requests_seconds_bucket{status="200",uri="/api/products",le="+Inf"} 118
      http_server_requests_seconds_bucket{status="503",uri="/api/orders",le="0.025"} 0
      http_server_requests_seconds_bucket{status="503",uri="/api/orders",le="0.1"} 2
      http_server_requests_seconds_bucket{status="503",uri="/api/orders",le="+Inf"} 2
      shopscale_cache_requests_total{cache="products",result="hit"} 13
      shopscale_cache_requests_total{cache="products",result="miss"} 11
      shopscale_cache_errors_total{cache="products",operation="get"} 4
      shopscale_datasource_reads_total{pool="primary"} 8
      shopscale_datasource_reads_total{pool="replica-0"} 14
      resilience4j_circuitbreaker_state{name="inventory",state="closed"} 0
      resilience4j_circuitbreaker_state{name="inventory",state="open"} 1
      resilience4j_bulkhead_available_concurrent_calls{name="inventory"} 60
      resilience4j_bulkhead_max_allowed_concurrent_calls{name="inventory"} 64
      shopscale_outbox_backlog 7
      """;

  @Test
  void turnsCountersIntoRatesAndRatiosLeavingOutTheActuatorsOwnTraffic() {
    Map<Figure, Double> figures = ScrapeFigures.between(PrometheusText.parse(BEFORE), PrometheusText.parse(AFTER), 2);

    assertThat(figures.get(Figure.REQUESTS)).isEqualTo(10.0); // 20 application requests in 2 s
    assertThat(figures.get(Figure.ERRORS)).isEqualTo(10.0); // 2 of 20
    assertThat(figures.get(Figure.CACHE_HITS)).isEqualTo(75.0); // 3 hits, 1 miss
    assertThat(figures.get(Figure.CACHE_ERRORS)).isEqualTo(2.0);
    assertThat(figures.get(Figure.REPLICA_READS)).isEqualTo(75.0); // 9 of 12 reads
    assertThat(figures.get(Figure.breaker("inventory"))).isEqualTo(1.0);
    assertThat(figures.get(Figure.bulkhead("inventory"))).isEqualTo(4.0);
    assertThat(figures.get(Figure.OUTBOX_BACKLOG)).isEqualTo(7.0);
    assertThat(figures).doesNotContainKey(Figure.REPLICA_LAG); // a service without the meter shows no gauge
  }

  @Test
  void percentilesComeFromTheBucketsFilledBetweenTheReads() {
    Map<Figure, Double> figures = ScrapeFigures.between(PrometheusText.parse(BEFORE), PrometheusText.parse(AFTER), 2);

    // 20 requests: 9 under 25 ms, 11 between 25 and 100 ms
    assertThat(figures.get(Figure.P50)).isCloseTo(25 + 75 * (10 - 9) / 11.0, within(0.01));
    assertThat(figures.get(Figure.P99)).isCloseTo(25 + 75 * (19.8 - 9) / 11.0, within(0.01));
  }

  @Test
  void aRestartedServiceCountsFromZeroAsPrometheusRateDoes() {
    String restarted = "http_server_requests_seconds_count{status=\"200\",uri=\"/api/products\"} 6\n";

    Map<Figure, Double> figures = ScrapeFigures.between(PrometheusText.parse(BEFORE), PrometheusText.parse(restarted),
        3);

    assertThat(figures.get(Figure.REQUESTS)).isEqualTo(2.0);
  }
}
