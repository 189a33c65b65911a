package io.shopscale.storefront.console;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.JsonNode;

/**
 * The local launcher's control endpoint ({@code ./shopscale chaos} uses the same one): on loopback only, with the token
 * the launcher handed to this process. Without both (compose, Kubernetes) there is nothing to call and the console
 * shows no chaos buttons.
 */
final class ChaosClient {

  private final @Nullable RestClient http;

  ChaosClient(RestClient.Builder builder, ConsoleSettings settings) {
    if (settings.chaosConfigured()) {
      // stopping a broker or a PostgreSQL replica's receiver takes seconds
      var timeouts = ClientHttpRequestFactoryBuilder.jdk().build(HttpClientSettings.defaults()
          .withTimeouts(Duration.ofMillis(300), Duration.ofMillis(60000)));
      this.http = builder.clone().requestFactory(timeouts).baseUrl(String.valueOf(settings.controlUrl()))
          .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + settings.controlToken()).build();
    }
    else {
      this.http = null;
    }
  }

  /** Every target's state (e.g. {@code redis → down}), or empty when there is no launcher to ask. */
  Optional<Map<String, String>> states() {
    if (http == null) {
      return Optional.empty();
    }
    try {
      JsonNode states = http.get().uri("/chaos").retrieve().body(JsonNode.class);
      Map<String, String> result = new LinkedHashMap<>();
      if (states != null) {
        states.properties().forEach(entry -> result.put(entry.getKey(), entry.getValue().asString("")));
      }
      return Optional.of(result);
    }
    catch (RestClientException ex) {
      return Optional.empty();
    }
  }

  /**
   * Runs one command ({@code "redis down"}, {@code "service order-service kill"}) and answers what to watch, or why it
   * could not be done.
   */
  String run(String command) {
    if (http == null) {
      throw new IllegalStateException("No chaos controls here");
    }
    String path = "/chaos/" + String.join("/", java.util.Arrays.stream(command.strip().split("\\s+"))
        .map(word -> URLEncoder.encode(word, StandardCharsets.UTF_8)).toList());
    try {
      String answer = http.post().uri(URI.create(path)).retrieve().body(String.class);
      return answer == null ? "" : answer.strip();
    }
    catch (RestClientResponseException ex) {
      return ex.getResponseBodyAsString().strip();
    }
    catch (RestClientException ex) {
      return "The launcher's control endpoint did not answer: " + ex.getMessage();
    }
  }
}
