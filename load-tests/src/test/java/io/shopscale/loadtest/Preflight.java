package io.shopscale.loadtest;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Checks before any load: the gateway answers on a loopback address, the catalog has products, and every source
 * address can reach it. Runs twice in {@code -Pbench}: as its own step before Gatling starts (so an absent stack fails
 * the build at once with one clear line) and inside the simulation, which also needs the product ids.
 */
public final class Preflight {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Preflight() {
  }

  /**
   * {@code exec:java} entry point of the bench profile; fails the build with a readable message. Also removes the
   * previous run's summary from the results folder given as the argument, so that a stale one is never checked.
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0) {
      Files.deleteIfExists(Path.of(args[0], ShopScaleSimulation.SUMMARY_FILE));
      Files.deleteIfExists(Path.of(args[0], ShopScaleSimulation.FIGURES_FILE));
    }
    LoadSettings settings = LoadSettings.fromSystemProperties();
    List<String> products = check(settings);
    System.out.println("[load-tests] preflight OK: gateway ready at " + settings.baseUrl() + ", " + products.size()
        + " products; " + settings.describe());
  }

  /** @return the ids of every product in the catalog */
  public static List<String> check(LoadSettings settings) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    URI base = settings.baseUrl();
    URI health = URI.create(base + "/actuator/health/readiness");
    HttpResponse<String> ready;
    try {
      ready = client.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    }
    catch (ConnectException | HttpTimeoutException ex) {
      throw unreachable(base, health + " could not be reached (" + describe(ex) + ")");
    }
    catch (IOException ex) {
      throw unreachable(base, health + " failed: " + describe(ex));
    }
    if (ready.statusCode() != 200) {
      throw unreachable(base, health + " answered " + ready.statusCode() + ": " + ready.body());
    }

    List<String> ids = new ArrayList<>();
    String cursor = null;
    do {
      String query = "?limit=100" + (cursor == null
          ? ""
          : "&cursor=" + URLEncoder.encode(cursor,
              StandardCharsets.UTF_8));
      URI page = URI.create(base + "/api/products" + query);
      JsonNode body;
      try {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(page).timeout(Duration.ofSeconds(10))
            .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          throw new IllegalStateException("GET " + page + " answered " + response.statusCode() + ": "
              + response.body());
        }
        body = JSON.readTree(response.body());
      }
      catch (IOException ex) {
        throw new IllegalStateException("GET " + page + " failed: " + describe(ex), ex);
      }
      body.path("items").forEach(item -> ids.add(item.path("id").asText()));
      JsonNode next = body.path("nextCursor");
      cursor = next.isTextual() ? next.asText() : null;
    } while (cursor != null && ids.size() < 10_000);
    if (ids.isEmpty()) {
      throw new IllegalStateException("The catalog at " + base + " has no products: the load test orders the demo "
          + "products that ./shopscale up seeds (24).");
    }

    int port = base.getPort() == -1 ? 80 : base.getPort();
    for (String source : settings.sourceAddresses()) {
      try (Socket socket = new Socket()) {
        socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
        socket.connect(new InetSocketAddress(InetAddress.getByName(base.getHost()), port), 3000);
      }
      catch (IOException ex) {
        throw new IllegalStateException("Cannot connect to " + base + " from source address " + source + " ("
            + describe(ex) + "); run with -DclientAddresses=0 to use 127.0.0.1 only", ex);
      }
    }
    return ids;
  }

  private static IllegalStateException unreachable(URI base, String detail) {
    return new IllegalStateException("The gateway is not reachable at " + base + ": " + detail
        + ". Start the system first (./shopscale up --detach, then ./shopscale status) or point -DbaseUrl at it.");
  }

  private static String describe(Throwable ex) {
    return ex.getMessage() == null
        ? ex.getClass().getSimpleName()
        : ex.getClass().getSimpleName() + ": " + ex.getMessage();
  }
}
