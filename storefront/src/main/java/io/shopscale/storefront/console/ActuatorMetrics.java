package io.shopscale.storefront.console;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.shopscale.storefront.console.PrometheusText.Sample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Figures straight from each service's {@code /actuator/prometheus} (the local stack, where no Prometheus runs): each
 * read is compared with the one before it, so rates cover the time between two reads of the page.
 */
final class ActuatorMetrics implements MetricsSource {

  private static final Logger log = LoggerFactory.getLogger(ActuatorMetrics.class);

  private final RestClient http;
  private final Map<String, URI> services;
  private final Map<String, Scrape> previous = new ConcurrentHashMap<>();

  private record Scrape(long nanos, List<Sample> samples) {
  }

  ActuatorMetrics(RestClient.Builder builder, Map<String, URI> services) {
    var timeouts = ClientHttpRequestFactoryBuilder.jdk().build(HttpClientSettings.defaults()
        .withTimeouts(Duration.ofMillis(300), Duration.ofMillis(1000)));
    this.http = builder.clone().requestFactory(timeouts).build();
    this.services = services;
  }

  @Override
  public Map<String, Map<Figure, Double>> read() {
    Map<String, Map<Figure, Double>> figures = new LinkedHashMap<>();
    services.forEach((name, url) -> {
      Scrape now;
      try {
        String text = http.get().uri(url.resolve("/actuator/prometheus")).accept(MediaType.TEXT_PLAIN).retrieve()
            .body(String.class);
        now = new Scrape(System.nanoTime(), PrometheusText.parse(text == null ? "" : text));
      }
      catch (RestClientException ex) {
        log.debug("No metrics from {} at {}: {}", name, url, ex.toString());
        previous.remove(name); // a restarted service starts its counters again
        return;
      }
      Scrape before = previous.put(name, now);
      if (before != null) {
        double seconds = Math.max(0.001, (now.nanos() - before.nanos()) / 1e9);
        figures.put(name, ScrapeFigures.between(before.samples(), now.samples(), seconds));
      }
      else {
        figures.put(name, Map.of()); // up, but rates need a second read
      }
    });
    return figures;
  }

  @Override
  public String describe() {
    return "each service's /actuator/prometheus";
  }
}
