package io.shopscale.storefront.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.shopscale.storefront.console.PrometheusText.Sample;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  @Test
  void readsNamesLabelsAndValuesAndSkipsComments() {
    List<Sample> samples = PrometheusText.parse("""
        # HELP http_server_requests_seconds
        # TYPE http_server_requests_seconds histogram
        http_server_requests_seconds_bucket{application="inventory-service",le="0.025",uri="/api/products"} 42.0
        http_server_requests_seconds_bucket{application="inventory-service",le="+Inf",uri="/api/products"} 50
        shopscale_outbox_backlog{application="order-service"} 3.0
        process_uptime_seconds 12.5
        odd{text="a \\"quoted\\", comma\\\\"} NaN
        """);

    assertThat(samples).hasSize(5);
    assertThat(samples.get(0)).isEqualTo(new Sample("http_server_requests_seconds_bucket",
        Map.of("application", "inventory-service", "le", "0.025", "uri", "/api/products"), 42.0));
    assertThat(samples.get(1).label("le")).isEqualTo("+Inf");
    assertThat(samples.get(3)).isEqualTo(new Sample("process_uptime_seconds", Map.of(), 12.5));
    assertThat(samples.get(4).label("text")).isEqualTo("a \"quoted\", comma\\");
    assertThat(samples.get(4).value()).isNaN();
  }
}
