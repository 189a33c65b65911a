package io.shopscale.systemtests;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.shopscale.systemtests.Gateway.Response;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A registered customer with a fresh access token, acting only through the gateway. */
final class Customer {

  /** docs/api.md: with the local defaults an order settles (CONFIRMED or CANCELLED) within 30 s. */
  static final Duration SETTLES_WITHIN = Duration.ofSeconds(30);

  final Gateway gateway;
  final UUID id;
  final String email;
  final String token;

  Customer(Gateway gateway, UUID id, String email, String token) {
    this.gateway = gateway;
    this.id = id;
    this.email = email;
    this.token = token;
  }

  /** Registers a new customer (FREE tier) and logs in. */
  static Customer register(Gateway gateway, String label) {
    String email = (label + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com")
        .toLowerCase(Locale.ROOT);
    String password = "correct horse " + UUID.randomUUID();
    JsonNode user = gateway.patiently(Gateway.withJson(gateway.request("/api/users", null), "POST",
        Map.of("email", email, "password", password, "name", label))).expect(201).json();
    return new Customer(gateway, UUID.fromString(user.get("id").asString()), email, login(gateway, email, password));
  }

  static String login(Gateway gateway, String email, String password) {
    return gateway.patiently(Gateway.withJson(gateway.request("/api/auth/login", null), "POST",
        Map.of("email", email, "password", password))).expect(200).json().get("accessToken").asString();
  }

  /** POST /api/orders as it is, for tests about the answer itself. */
  Response tryToPlace(String idempotencyKey, String paymentToken, List<Line> lines) {
    return gateway.post("/api/orders", token, body(paymentToken, lines), "Idempotency-Key", idempotencyKey);
  }

  /** Places an order (a new Idempotency-Key, retried under it after a 429 or 503) and returns it, PENDING. */
  JsonNode place(String paymentToken, Line... lines) {
    return place(UUID.randomUUID().toString(), paymentToken, List.of(lines));
  }

  JsonNode place(String idempotencyKey, String paymentToken, List<Line> lines) {
    return placePatiently(idempotencyKey, paymentToken, lines).expect(202).json();
  }

  /** POST /api/orders under the key, retried under it after a 429 or 503 for a while; the last answer. */
  Response placePatiently(String idempotencyKey, String paymentToken, List<Line> lines) {
    return gateway.patiently(Gateway.withJson(gateway.request("/api/orders", token), "POST",
        body(paymentToken, lines), "Idempotency-Key", idempotencyKey));
  }

  private static Map<String, Object> body(String paymentToken, List<Line> lines) {
    return Map.of("items", lines.stream().map(line -> Map.of("productId", line.productId().toString(),
        "quantity", line.quantity())).toList(), "paymentToken", paymentToken);
  }

  JsonNode order(UUID orderId) {
    return gateway.patiently(gateway.request("/api/orders/" + orderId, token).GET()).expect(200).json();
  }

  /** Waits (polling GET /api/orders/{id}) until the order is no longer PENDING, and returns it. */
  JsonNode awaitSettled(UUID orderId) {
    return awaitSettled(orderId, SETTLES_WITHIN);
  }

  JsonNode awaitSettled(UUID orderId, Duration within) {
    return await("order " + orderId + " settles").atMost(within).pollInterval(Duration.ofMillis(250))
        .until(() -> order(orderId), order -> !"PENDING".equals(order.get("status").asString()));
  }

  Response cancel(UUID orderId) {
    return gateway.post("/api/orders/" + orderId + "/cancel", token, null);
  }

  Response payment(UUID orderId) {
    return gateway.get("/api/payments?orderId=" + orderId, token);
  }

  /** Every order of this customer, newest first, through the cursor pages of GET /api/orders. */
  List<JsonNode> orders() {
    List<JsonNode> all = new ArrayList<>();
    @Nullable
    String cursor = null;
    do {
      JsonNode page = gateway.patiently(gateway.request("/api/orders?limit=100" + (cursor == null
          ? ""
          : "&cursor=" + cursor), token).GET()).expect(200).json();
      page.get("items").forEach(all::add);
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
    } while (cursor != null);
    return all;
  }

  /** One line of an order. */
  record Line(UUID productId, int quantity) {
  }
}
