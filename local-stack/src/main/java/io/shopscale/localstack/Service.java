package io.shopscale.localstack;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A service module the stack runs as its own JVM.
 *
 * @param name the Maven module, also the jar's name and the log file's
 * @param prefix of its environment variables: {@code <prefix>_PORT}, {@code <prefix>_DB_URL}... and
 *     {@code <prefix>_SERVICE_URL}, the address every other service (the gateway above all) is given
 * @param defaultPort overridable with {@code <prefix>_PORT}
 * @param database the database it owns, or null
 */
record Service(String name, String prefix, int defaultPort, @Nullable String database) {

  /** The one list of services; a new service is one line here (the gateway last: it fronts the others). */
  static final List<Service> ALL = List.of(
      new Service("user-service", "USER", 8081, "users"),
      new Service("inventory-service", "INVENTORY", 8082, "inventory"),
      new Service("order-service", "ORDER", 8083, "orders"),
      new Service("payment-service", "PAYMENT", 8084, "payments"),
      // the shop: a client of the gateway (GATEWAY_SERVICE_URL), which routes / to it (STOREFRONT_SERVICE_URL)
      new Service("storefront", "STOREFRONT", 8085, null),
      new Service("gateway-service", "GATEWAY", 8080, null));

  /** Every service owns one; created up front so a new service finds its database waiting. */
  static final List<String> DATABASES = List.of("users", "inventory", "orders", "payments");

  int port() {
    return Env.integer(prefix + "_PORT", defaultPort);
  }

  String url() {
    return "http://localhost:" + port();
  }
}
