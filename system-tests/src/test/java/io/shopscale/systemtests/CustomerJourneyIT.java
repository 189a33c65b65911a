package io.shopscale.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.shopscale.systemtests.Gateway.Response;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The happy path a customer takes, end to end through the gateway. */
@SystemTest
class CustomerJourneyIT {

  @Test
  void newCustomerRegistersLogsInBrowsesAndBuysAProductAnAdminJustAdded(RunningSystem system) {
    Gateway gateway = new Gateway(system.gateway());

    // registers and logs in
    String email = ("Journey-" + UUID.randomUUID().toString().substring(0, 8) + "@Example.com");
    String password = "correct horse battery " + UUID.randomUUID();
    Response registered = gateway.patiently(Gateway.withJson(gateway.request("/api/users", null), "POST",
        Map.of("email", email, "password", password, "name", "Journey"))).expect(201);
    JsonNode user = registered.json();
    assertThat(user.get("email").asString()).isEqualTo(email.toLowerCase(Locale.ROOT));
    assertThat(user.get("tier").asString()).isEqualTo("FREE");
    assertThat(registered.header("Location")).isEqualTo("/api/users/" + user.get("id").asString());
    JsonNode login = gateway.patiently(Gateway.withJson(gateway.request("/api/auth/login", null), "POST",
        Map.of("email", email.toUpperCase(Locale.ROOT), "password", password))).expect(200).json();
    assertThat(login.get("tokenType").asString()).isEqualTo("Bearer");
    String token = login.get("accessToken").asString();
    assertThat(gateway.get("/api/users/me", token).expect(200).json().get("id").asString())
        .isEqualTo(user.get("id").asString());

    // browses the whole catalog, ten at a time
    List<JsonNode> catalog = new ArrayList<>();
    int pages = 0;
    @Nullable
    String cursor = null;
    do {
      JsonNode page = gateway.patiently(gateway.request("/api/products?limit=10" + (cursor == null
          ? ""
          : "&cursor=" + cursor), null).GET()).expect(200).json();
      assertThat(page.get("items").size()).isBetween(1, 10);
      page.get("items").forEach(catalog::add);
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
      pages++;
    } while (cursor != null && pages < 1000);
    assertThat(cursor).as("the last page has no next cursor").isNull();
    assertThat(pages).as("pages of ten").isGreaterThanOrEqualTo(3);
    List<String> order = catalog.stream().map(product -> product.get("name").asString().toLowerCase(Locale.ROOT)
        + "\u0000" + product.get("id").asString()).toList();
    assertThat(order).as("sorted by name, case-insensitively, then id").isSorted().doesNotHaveDuplicates();
    Set<String> skus = new HashSet<>();
    catalog.forEach(product -> skus.add(product.get("sku").asString()));
    assertThat(skus.stream().filter(sku -> sku.startsWith("DEMO-"))).as("the 24 demo products").hasSize(24);

    // an admin adds a product, which anyone can see at once
    Admin admin = Admin.login(gateway);
    JsonNode created = admin.createProduct("Journey Lamp " + UUID.randomUUID(), "12.50", 10);
    UUID productId = UUID.fromString(created.get("id").asString());
    Response product = gateway.get("/api/products/" + productId, null).expect(200);
    assertThat(product.json().get("availableQuantity").asInt()).isEqualTo(10);
    assertThat(product.header("ETag")).isNotBlank();

    // orders three
    Response placed = gateway.post("/api/orders", token, Map.of("items", List.of(Map.of("productId",
        productId.toString(), "quantity", 3)), "paymentToken", "tok_visa"), "Idempotency-Key",
        UUID.randomUUID().toString()).expect(202);
    JsonNode pending = placed.json();
    UUID orderId = UUID.fromString(pending.get("id").asString());
    assertThat(placed.header("Location")).isEqualTo("/api/orders/" + orderId);
    assertThat(pending.get("status").asString()).isEqualTo("PENDING");
    assertThat(pending.get("total").get("amount").asString()).isEqualTo("37.50");
    assertThat(pending.get("total").get("currency").asString()).isEqualTo("USD");

    // the order is confirmed, the stock dropped by three, the payment is authorized for the total
    Customer customer = new Customer(gateway, UUID.fromString(user.get("id").asString()), email, token);
    JsonNode settled = customer.awaitSettled(orderId);
    assertThat(settled.get("status").asString()).isEqualTo("CONFIRMED");
    assertThat(settled.get("failureReason").isNull()).isTrue();
    assertThat(settled.get("items").get(0).get("unitPrice").get("amount").asString()).isEqualTo("12.50");
    assertThat(admin.stock(productId)).isEqualTo(7);
    JsonNode payment = customer.payment(orderId).expect(200).json();
    assertThat(payment.get("status").asString()).isEqualTo("AUTHORIZED");
    assertThat(payment.get("orderId").asString()).isEqualTo(orderId.toString());
    assertThat(payment.get("amount").get("amount").asString()).isEqualTo("37.50");
    assertThat(customer.orders()).extracting(listed -> listed.get("id").asString()).containsExactly(orderId.toString());
  }
}
