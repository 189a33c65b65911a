package io.shopscale.storefront.console;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the console reads its figures and whether it offers chaos buttons.
 *
 * @param prometheusUrl Prometheus's base URL (compose, Kubernetes): figures come from its HTTP API; unset, they come
 *     straight from each service in {@code services}
 * @param services service name → base URL whose {@code /actuator/prometheus} the console reads when no Prometheus is
 *     set (the local stack; the platform leaves that endpoint open, like health)
 * @param controlUrl the local launcher's loopback control endpoint ({@code ./shopscale up} sets it): the chaos buttons
 *     show only when it is set and answers
 * @param controlToken the token that endpoint requires (from the launcher)
 * @param window how much history the charts show
 * @param refresh how often the page asks for new figures (at most 2 s for a live view)
 * @param patternsUrl the pattern catalogue each gauge links to (an anchor per entry)
 */
@ConfigurationProperties("shopscale.console")
record ConsoleSettings(
    @Nullable URI prometheusUrl,
    @DefaultValue Map<String, URI> services,
    @Nullable URI controlUrl,
    @Nullable String controlToken,
    @DefaultValue("5m") Duration window,
    @DefaultValue("2s") Duration refresh,
    @DefaultValue("https://github.com/shopscale/shopscale/blob/main/docs/patterns.md") String patternsUrl) {

  boolean chaosConfigured() {
    return controlUrl != null && controlToken != null && !controlToken.isBlank();
  }
}
