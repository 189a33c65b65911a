package io.shopscale.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's control endpoint, on the loopback interface only, so {@code ./shopscale chaos} and the console's
 * buttons run the same {@link ChaosControls}:
 * <ul>
 * <li>{@code POST /chaos/<target>/<action>} (or {@code /chaos/service/<name>/<action>}): carries it out, answers what to
 * watch (text); 400 for an unknown command, 409 when it cannot be done here;</li>
 * <li>{@code GET /chaos}: every target's state as a JSON object; {@code GET /chaos/status}: the same as text.</li>
 * </ul>
 * Every request carries {@code Authorization: Bearer <token>}; the address and the token are in
 * {@code .shopscale/control} (readable by its owner only), and the launcher hands them to the storefront's console. The
 * token keeps other local users and, above all, web pages in a browser (which may send requests to loopback
 * addresses) from breaking the stack.
 */
final class ControlServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ControlServer.class);

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final String token;
  private volatile @Nullable ChaosControls chaos;

  private ControlServer(HttpServer server, String token) {
    this.server = server;
    this.token = token;
  }

  /**
   * Starts on {@code 127.0.0.1:port} (0: any free port), before the infrastructure is up (the services are given its
   * address); it answers 503 until {@link #serve} hands it the controls.
   */
  static ControlServer start(int port) {
    byte[] secret = new byte[24];
    new SecureRandom().nextBytes(secret);
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
      ControlServer control = new ControlServer(server, HexFormat.of().formatHex(secret));
      server.createContext("/chaos", control::handle);
      server.setExecutor(control.executor);
      server.start();
      return control;
    }
    catch (IOException ex) {
      throw new UncheckedIOException("Could not open the control endpoint on 127.0.0.1:" + port
          + " (SHOPSCALE_CONTROL_PORT)", ex);
    }
  }

  void serve(ChaosControls controls) {
    chaos = controls;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  String token() {
    return token;
  }

  /** {@code url=...} and {@code token=...} lines for the script, readable by the file's owner only. */
  void writeTo(Path file) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, "url=" + url() + "\ntoken=" + token + "\n");
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Answer answer = answer(exchange);
      byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", answer.contentType());
      exchange.sendResponseHeaders(answer.status(), body.length);
      exchange.getResponseBody().write(body);
    }
  }

  private record Answer(int status, String contentType, String body) {

    static Answer text(int status, String body) {
      return new Answer(status, "text/plain; charset=utf-8", body.endsWith("\n") ? body : body + "\n");
    }
  }

  private Answer answer(HttpExchange exchange) {
    if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
      return Answer.text(401, "A control request needs Authorization: Bearer <token from .shopscale/control>");
    }
    ChaosControls chaos = this.chaos;
    if (chaos == null) {
      return Answer.text(503, "The stack is still starting; try again once ./shopscale status says ready");
    }
    String[] path = exchange.getRequestURI().getPath().replaceFirst("^/chaos/?", "").split("/");
    String method = exchange.getRequestMethod();
    try {
      if (method.equals("GET") && path.length == 1 && path[0].isEmpty()) {
        return new Answer(200, "application/json", json(chaos.states()));
      }
      if (method.equals("GET") && path.length == 1 && path[0].equals("status")) {
        return Answer.text(200, chaos.status());
      }
      if (method.equals("POST") && (path.length == 2 || path.length == 3)) {
        String target = decode(path[0]);
        String action = path.length == 2 ? decode(path[1]) : decode(path[1]) + " " + decode(path[2]);
        log.info("Chaos: {} {}", target, action);
        return Answer.text(200, chaos.apply(target, action));
      }
      return Answer.text(400, ChaosControls.USAGE);
    }
    catch (IllegalArgumentException ex) {
      return Answer.text(400, String.valueOf(ex.getMessage()));
    }
    catch (IllegalStateException ex) {
      return Answer.text(409, String.valueOf(ex.getMessage()));
    }
    catch (RuntimeException ex) {
      log.warn("Chaos command failed", ex);
      return Answer.text(500, "The command failed: " + ex);
    }
  }

  private boolean authorized(@Nullable String header) {
    byte[] given = String.valueOf(header).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, ("Bearer " + token).getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String part) {
    return URLDecoder.decode(part, StandardCharsets.UTF_8);
  }

  /** A flat string → string object; the names and states are ours (no quotes or backslashes), escaped anyway. */
  static String json(Map<String, String> values) {
    return values.entrySet().stream()
        .map(entry -> quote(entry.getKey()) + ":" + quote(entry.getValue()))
        .collect(Collectors.joining(",", "{", "}"));
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Override
  public void close() {
    server.stop(0);
    executor.close();
  }
}
