package io.shopscale.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A catalog to browse on a fresh stack, made through the public API as an admin would (so it also exercises login,
 * roles and the write path), and only when the catalog is empty.
 */
final class DemoData {

  static final String ADMIN_EMAIL = "admin@shopscale.local";

  private static final Pattern ACCESS_TOKEN = Pattern.compile("\"accessToken\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern FIRST_ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern PENDING = Pattern.compile("\"status\"\\s*:\\s*\"PENDING\"");
  private static final Pattern EMPTY_PAGE = Pattern.compile("\"items\"\\s*:\\s*\\[\\s*]");
  private static final List<String> COLOURS = List.of("Red", "Blue", "Green", "Black");
  private static final List<String> ITEMS = List.of("Mug", "T-Shirt", "Notebook", "Backpack", "Water Bottle",
      "Hoodie");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String users;
  private final String products;

  DemoData(String userServiceUrl, String inventoryServiceUrl) {
    this.users = userServiceUrl;
    this.products = inventoryServiceUrl + "/api/products";
  }

  static String adminPassword() {
    // the same variable and default user-service's local profile seeds the admin from
    return Env.get("SHOPSCALE_ADMIN_PASSWORD", "change-me-admin-1");
  }

  /** @return how many products were created (0 when the catalog already had some) */
  int seed() throws IOException, InterruptedException {
    if (!EMPTY_PAGE.matcher(send(HttpRequest.newBuilder(URI.create(products + "?limit=1")).GET(), 200)).find()) {
      return 0;
    }
    String token = adminToken();
    // all at once: one after the other, they finished after the last service was ready, so ./shopscale up waited for
    // them; at once, they finish while order-service is still starting (docs/benchmarks.md, start-up, session 12)
    List<CompletableFuture<String>> creates = new ArrayList<>();
    for (String item : ITEMS) {
      for (String colour : COLOURS) {
        int n = creates.size() + 1;
        String sku = ("DEMO-" + item + "-" + colour).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9-]", "");
        String price = String.format(Locale.ROOT, "%d.99", 4 + n * 3);
        String body = String.format(Locale.ROOT, "{\"sku\":\"%s\",\"name\":\"%s %s\",\"description\":\"A %s %s "
            + "for trying ShopScale out.\",\"price\":{\"amount\":\"%s\",\"currency\":\"%s\"},"
            + "\"availableQuantity\":%d}", sku, colour, item, colour.toLowerCase(Locale.ROOT),
            item.toLowerCase(Locale.ROOT), price, Env.get("SHOPSCALE_CURRENCY", "USD"), 25 * n);
        creates.add(sendAsync(json(URI.create(products), body).header("Authorization", "Bearer " + token), 201));
      }
    }
    join(CompletableFuture.allOf(creates.toArray(CompletableFuture[]::new)));
    return creates.size();
  }

  /** Logs the demo administrator in: an access token (also what the chaos controls' service switches send). */
  String adminToken() throws IOException, InterruptedException {
    return first(ACCESS_TOKEN, send(json(URI.create(users + "/api/auth/login"),
        "{\"email\":\"" + ADMIN_EMAIL + "\",\"password\":\"" + adminPassword() + "\"}"), 200));
  }

  /**
   * A new customer registers, logs in and places one order through the gateway, then waits until it settles: the
   * AOT training run's workload, so that the services' caches also hold the classes of the order path.
   */
  void placeOrder(String gateway) throws IOException, InterruptedException {
    String email = "aot-training-" + UUID.randomUUID() + "@shopscale.local";
    String password = UUID.randomUUID().toString();
    send(json(URI.create(gateway + "/api/users"), "{\"email\":\"" + email + "\",\"password\":\"" + password
        + "\",\"name\":\"AOT training\"}"), 201);
    String token = first(ACCESS_TOKEN, send(json(URI.create(gateway + "/api/auth/login"), "{\"email\":\"" + email
        + "\",\"password\":\"" + password + "\"}"), 200));
    String product = first(FIRST_ID, send(HttpRequest.newBuilder(URI.create(gateway + "/api/products?limit=1")).GET(),
        200));
    String order = first(FIRST_ID, send(json(URI.create(gateway + "/api/orders"), "{\"items\":[{\"productId\":\""
        + product + "\",\"quantity\":1}]}").header("Authorization", "Bearer " + token)
        .header("Idempotency-Key", UUID.randomUUID().toString()), 202));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (PENDING.matcher(send(HttpRequest.newBuilder(URI.create(gateway + "/api/orders/" + order)).GET()
        .header("Authorization", "Bearer " + token), 200)).find()) {
      if (System.nanoTime() > deadline) {
        throw new IOException("Order " + order + " was still PENDING after 30 s");
      }
      Thread.sleep(100);
    }
  }

  private static String first(Pattern pattern, String body) throws IOException {
    Matcher matcher = pattern.matcher(body);
    if (!matcher.find()) {
      throw new IOException("No " + pattern + " in " + body);
    }
    return matcher.group(1);
  }

  private static HttpRequest.Builder json(URI uri, String body) {
    return HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private String send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
    return join(sendAsync(request, expected));
  }

  private static <T> T join(CompletableFuture<T> future) throws IOException, InterruptedException {
    try {
      return future.get();
    }
    catch (ExecutionException ex) {
      throw ex.getCause() instanceof IOException io ? io : new IOException(ex.getCause());
    }
  }

  private CompletableFuture<String> sendAsync(HttpRequest.Builder request, int expected) {
    HttpRequest built = request.timeout(Duration.ofSeconds(10)).build();
    return http.sendAsync(built, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
      if (response.statusCode() != expected) {
        throw new CompletionException(new IOException(built.method() + " " + built.uri() + " answered "
            + response.statusCode() + ": " + response.body()));
      }
      return response.body();
    });
  }
}
