package io.shopscale.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The run-time switches payment-service and inventory-service offer in the {@code local} profile, turned as the demo
 * administrator ({@code PUT /internal/chaos/...}, admins only, never routed by the gateway).
 */
final class ServiceSwitches implements ChaosControls.Switches {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String userService;
  private final String inventoryService;
  private final String paymentService;

  ServiceSwitches(String userService, String inventoryService, String paymentService) {
    this.userService = userService;
    this.inventoryService = inventoryService;
    this.paymentService = paymentService;
  }

  @Override
  public void payments(String behaviour) {
    put(paymentService + "/internal/chaos/provider", behaviour);
  }

  @Override
  public void productReads(String behaviour) {
    put(inventoryService + "/internal/chaos/product-reads", behaviour);
  }

  private void put(String url, String behaviour) {
    try {
      // a fresh login each time: commands are rare and an access token expires
      String token = new DemoData(userService, inventoryService).adminToken();
      HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString("{\"behaviour\":\"" + behaviour + "\"}"))
          .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("PUT " + url + " answered " + response.statusCode() + ": " + response.body()
            + (response.statusCode() == 404 ? " (is the service running with the local profile?)" : ""));
      }
    }
    catch (IOException ex) {
      throw new IllegalStateException("Could not reach " + url + " (is the service running?): " + ex.getMessage(), ex);
    }
    catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while calling " + url, ex);
    }
  }
}
