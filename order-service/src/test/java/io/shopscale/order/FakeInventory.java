package io.shopscale.order;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * A stand-in for inventory-service (a peer service, not infrastructure) on a real loopback HTTP port, answering
 * {@code GET /api/products/prices?ids=…} and {@code GET /api/products/{id}} like the real one. It can fail with 503 or hang, so the client's time limits,
 * retries and circuit breaker are exercised over a real connection.
 * <p>
 * An IT declares {@code @RegisterExtension static final FakeInventory inventory = new FakeInventory();} and nothing
 * else: {@link AddressCustomizerFactory} points the IT's context at it. The server starts with the class and is
 * closed after the class's last test.
 */
public final class FakeInventory implements AfterAllCallback, AutoCloseable {

  public enum Mode {
    HEALTHY, FAILING, HANGING
  }

  private final HttpServer server;
  private final Map<UUID, String> prices = new ConcurrentHashMap<>();
  private final Map<UUID, String> stalePrices = new ConcurrentHashMap<>();
  private final AtomicInteger calls = new AtomicInteger();
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile Mode mode = Mode.HEALTHY;

  public FakeInventory() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    }
    catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/api/products/", this::answer);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public UUID product(String price) {
    UUID id = UUID.randomUUID();
    prices.put(id, price);
    return id;
  }

  /**
   * A product whose price changed while inventory's cache kept the old one (a pod killed between commit and
   * write-through, a Redis failover that lost the write): like inventory, a product read answers the cached price
   * unless it asks for a fresh answer with {@code Cache-Control: no-cache}; the price read answers the current one.
   */
  public UUID productWithStaleCache(String cachedPrice, String currentPrice) {
    UUID id = product(currentPrice);
    stalePrices.put(id, cachedPrice);
    return id;
  }

  public void mode(Mode next) {
    mode = next;
  }

  public int calls() {
    return calls.get();
  }

  private void answer(HttpExchange exchange) throws IOException {
    calls.incrementAndGet();
    try (exchange) {
      switch (mode) {
        case FAILING -> respond(exchange, 503, "{\"status\":503}");
        case HANGING -> {
          try {
            released.await(30, TimeUnit.SECONDS);
          }
          catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        case HEALTHY -> {
          String path = exchange.getRequestURI().getPath();
          if (path.equals("/api/products/prices")) {
            respond(exchange, 200, currentPrices(exchange.getRequestURI().getQuery()));
          }
          else {
            respondProduct(exchange, UUID.fromString(path.substring(path.lastIndexOf('/') + 1)));
          }
        }
      }
    }
  }

  /** Like inventory: the current prices of the ids asked for ({@code ids=a&ids=b} or {@code ids=a,b}) that exist. */
  private String currentPrices(String query) {
    String prices = Arrays.stream(query.split("&"))
        .filter(parameter -> parameter.startsWith("ids="))
        .flatMap(parameter -> Arrays.stream(parameter.substring("ids=".length()).split(",")))
        .map(UUID::fromString)
        .distinct()
        .filter(this.prices::containsKey)
        .map(id -> """
            {"productId":"%s","price":{"amount":"%s","currency":"USD"}}""".formatted(id, this.prices.get(id)))
        .collect(Collectors.joining(","));
    return "{\"prices\":[" + prices + "]}";
  }

  /** Like inventory: the cached price unless the request asks for a fresh answer with no-cache. */
  private void respondProduct(HttpExchange exchange, UUID id) throws IOException {
    String cacheControl = exchange.getRequestHeaders().getFirst("Cache-Control");
    String price = cacheControl != null && cacheControl.contains("no-cache")
        ? prices.get(id)
        : stalePrices.getOrDefault(id, prices.get(id));
    if (price == null) {
      respond(exchange, 404, "{\"status\":404,\"title\":\"Not Found\"}");
    }
    else {
      respond(exchange, 200, """
          {"id":"%s","sku":"SKU","name":"A product","description":"","price":{"amount":"%s","currency":"USD"},
           "availableQuantity":10,"version":0,"updatedAt":"2026-11-23T10:00:00Z"}""".formatted(id, price));
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
  }

  /**
   * Points {@code shopscale.order.inventory.url} at the test class's static {@code FakeInventory} field, so that the
   * field is the one place an IT names its inventory-service (registered in {@code META-INF/spring.factories}).
   */
  static final class AddressCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
        List<ContextConfigurationAttributes> configAttributes) {
      for (Field field : testClass.getDeclaredFields()) {
        if (field.getType() == FakeInventory.class && Modifier.isStatic(field.getModifiers())) {
          try {
            field.setAccessible(true);
            return new AddressCustomizer(((FakeInventory) field.get(null)).url());
          }
          catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + field, e);
          }
        }
      }
      return null;
    }
  }

  /** Equal for the same server, which lives as long as its test class: one context per class, as before. */
  private record AddressCustomizer(String url) implements ContextCustomizer {

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
      context.getEnvironment().getPropertySources()
          .addFirst(new MapPropertySource("fakeInventory", Map.of("shopscale.order.inventory.url", url)));
    }
  }
}
