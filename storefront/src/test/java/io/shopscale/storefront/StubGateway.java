package io.shopscale.storefront;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The gateway's public API as a test sets it up: a canned answer per method and path, every request recorded. Pages
 * are tested against what the API contract says the gateway answers, without starting the services.
 */
public final class StubGateway implements AutoCloseable {

  /** One canned answer. */
  public record Answer(int status, String contentType, String body, Map<String, String> headers) {

    public static Answer json(int status, String body) {
      return new Answer(status, "application/json", body, Map.of());
    }

    public static Answer problem(int status, String title, String detail) {
      return new Answer(status, "application/problem+json", """
          {"type":"about:blank","title":"%s","status":%d,"detail":"%s","instance":"/api","correlationId":"c-1"}"""
          .formatted(title, status, detail), Map.of("X-Correlation-ID", "c-1"));
    }
  }

  /** What reached the stub. */
  public record Received(String method, String pathAndQuery, Headers headers, String body) {
  }

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();

  private StubGateway() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  public static StubGateway start() {
    return new StubGateway();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Answers {@code method path} (path without the query) with {@code answer} from now on. */
  public void on(String method, String path, Answer answer) {
    answers.put(method + " " + path, answer);
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public void reset() {
    answers.clear();
    received.clear();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String path = exchange.getRequestURI().getPath();
      String query = exchange.getRequestURI().getRawQuery();
      received.add(new Received(exchange.getRequestMethod(), query == null ? path : path + "?" + query,
          exchange.getRequestHeaders(), body));
      Answer answer = answers.getOrDefault(exchange.getRequestMethod() + " " + path,
          Answer.problem(404, "Not Found", "No stub for " + path));
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", answer.contentType());
      answer.headers().forEach(exchange.getResponseHeaders()::set);
      exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        exchange.getResponseBody().write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
