package io.shopscale.storefront.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

/**
 * The console reading a real service's {@code /actuator/prometheus} (this storefront's own, over HTTP, as the local
 * stack's console reads every service's): its figures change after traffic, and without the launcher there are no
 * chaos controls.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class ConsoleIT {

  private static final int PORT = freePort();
  private static final Pattern REQUESTS = Pattern.compile(
      "id=\"storefront-requests\".*?class=\"card-value\">([0-9.]+)/s<", Pattern.DOTALL);

  @DynamicPropertySource
  static void consoleReadsThisService(DynamicPropertyRegistry registry) {
    registry.add("server.port", () -> PORT);
    registry.add("shopscale.console.services.storefront", () -> "http://127.0.0.1:" + PORT);
    registry.add("shopscale.console.refresh", () -> "200ms");
  }

  private final RestClient http = RestClient.create("http://127.0.0.1:" + PORT);

  @Test
  void theRequestRateRisesAfterTrafficAndTheChartDrawsIt() {
    figures(); // the first read: rates need a second one

    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
      for (int i = 0; i < 10; i++) {
        http.get().uri("/console").retrieve().toBodilessEntity();
      }
      String html = figures();
      Matcher rate = REQUESTS.matcher(html);
      assertThat(rate.find()).as("a request-rate card for the storefront in %s", html).isTrue();
      assertThat(Double.parseDouble(rate.group(1))).isPositive();
      assertThat(html).contains("id=\"storefront-p99\"").containsPattern("points=\"[0-9.]+,[0-9.]+ [0-9.]+,");
    });
  }

  @Test
  void withoutTheLauncherThereAreNoChaosControls() {
    assertThat(http.get().uri("/console").retrieve().body(String.class)).contains("Pattern console")
        .doesNotContain("Break it");
    org.assertj.core.api.Assertions.assertThatExceptionOfType(HttpClientErrorException.NotFound.class)
        .isThrownBy(() -> http.get().uri("/console/chaos").retrieve().toBodilessEntity());
  }

  private static int freePort() {
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
    catch (java.io.IOException ex) {
      throw new java.io.UncheckedIOException(ex);
    }
  }

  private String figures() {
    return http.get().uri("/console/figures").retrieve().body(String.class);
  }
}
