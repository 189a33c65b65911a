package io.shopscale.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A downstream service the test controls: answers, fails, hangs, or is stopped and started again on the same port.
 * Records what reached it, so a test can tell a retry or a forwarded header from the client's side effects.
 */
public final class StubService implements AutoCloseable {

  public enum Mode {
    OK, FAIL_502, FAIL_503, HANG
  }

  private int port;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Headers> received = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> hitsByMethod = new ConcurrentHashMap<>();
  private volatile Mode mode = Mode.OK;
  private volatile CountDownLatch release = new CountDownLatch(1);
  private volatile HttpServer server;

  private StubService() {
  }

  public static StubService start() {
    StubService stub = new StubService();
    stub.server = stub.listen(0);
    stub.port = stub.server.getAddress().getPort();
    return stub;
  }

  private HttpServer listen(int on) {
    try {
      HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), on), 100);
      created.createContext("/", this::handle);
      created.setExecutor(threads);
      created.start();
      return created;
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      received.add(exchange.getRequestHeaders());
      hitsByMethod.computeIfAbsent(exchange.getRequestMethod(), m -> new AtomicInteger()).incrementAndGet();
      exchange.getRequestBody().readAllBytes();
      switch (mode) {
        case HANG -> {
          try {
            release.await(60, TimeUnit.SECONDS);
          }
          catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
          }
          send(exchange, 200, "{\"late\":true}");
        }
        case FAIL_502 -> send(exchange, 502, "{\"status\":502}");
        case FAIL_503 -> {
          // as a service that sheds load answers: a problem with its Retry-After
          exchange.getResponseHeaders().set("Retry-After", "7");
          send(exchange, 503, "{\"status\":503,\"title\":\"Service Unavailable\"}", "application/problem+json");
        }
        case OK -> send(exchange, 200, "{\"path\":\"" + exchange.getRequestURI().getRawPath() + "\"}");
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    send(exchange, status, body, "application/json");
  }

  private static void send(HttpExchange exchange, int status, String body, String contentType) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public void mode(Mode next) {
    release.countDown();
    release = new CountDownLatch(1);
    mode = next;
  }

  public int hits(String method) {
    AtomicInteger hits = hitsByMethod.get(method);
    return hits != null ? hits.get() : 0;
  }

  public int hits() {
    return hitsByMethod.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  public Headers lastRequestHeaders() {
    return received.get(received.size() - 1);
  }

  public void reset() {
    mode(Mode.OK);
    received.clear();
    hitsByMethod.clear();
  }

  /** Stops listening: connections are refused, as when the service is down. */
  public void stop() {
    release.countDown();
    server.stop(0);
  }

  /** Listens again on the same port, as when the service comes back. */
  public void startAgain() {
    server = listen(port);
  }

  @Override
  public void close() {
    stop();
    threads.shutdownNow();
  }
}
