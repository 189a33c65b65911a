package io.shopscale.systemtests;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/** The administrator the local stack seeds ({@code admin@shopscale.local} / {@code SHOPSCALE_ADMIN_PASSWORD}). */
final class Admin {

  static final String EMAIL = "admin@shopscale.local";

  final Gateway gateway;
  final String token;

  private Admin(Gateway gateway, String token) {
    this.gateway = gateway;
    this.token = token;
  }

  static Admin login(Gateway gateway) {
    String password = System.getenv().getOrDefault("SHOPSCALE_ADMIN_PASSWORD", "change-me-admin-1");
    return new Admin(gateway, Customer.login(gateway, EMAIL, password.isBlank() ? "change-me-admin-1" : password));
  }

  /** Creates a product with a unique SKU and returns it as the API answered. */
  JsonNode createProduct(String name, String price, int stock) {
    String sku = "ST-" + UUID.randomUUID().toString().substring(0, 13).toUpperCase(java.util.Locale.ROOT);
    return gateway.patiently(Gateway.withJson(gateway.request("/api/products", token), "POST", Map.of("sku", sku,
        "name", name, "description", "Made by the system tests", "price", Map.of("amount", price, "currency", "USD"),
        "availableQuantity", stock))).expect(201).json();
  }

  UUID createProductId(String name, String price, int stock) {
    return UUID.fromString(createProduct(name, price, stock).get("id").asString());
  }

  /** {@code count} products named "{@code label} i …", each with its own unique name and SKU. */
  List<UUID> createProductIds(String label, int count, String price, int stock) {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(createProductId(label + " " + i + " " + UUID.randomUUID(), price, stock));
    }
    return ids;
  }

  void setStock(UUID productId, int quantity) {
    gateway.patiently(Gateway.withJson(gateway.request("/api/products/" + productId + "/stock", token), "PUT",
        Map.of("availableQuantity", quantity))).expect(200);
  }

  /** {@code availableQuantity} as GET /api/products/{id} shows it now. */
  int stock(UUID productId) {
    return product(productId).get("availableQuantity").asInt();
  }

  BigDecimal price(UUID productId) {
    return new BigDecimal(product(productId).get("price").get("amount").asString());
  }

  JsonNode product(UUID productId) {
    return gateway.patiently(gateway.request("/api/products/" + productId, token).GET()).expect(200).json();
  }
}
