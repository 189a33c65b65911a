package io.shopscale.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * A JWKS endpoint on loopback that serves the test issuer's keys and counts how often it is asked, for tests that
 * bound how often a decoder fetches the key set.
 */
public final class CountingJwks implements AutoCloseable {

  private final HttpServer server;
  private final AtomicInteger fetches = new AtomicInteger();

  private CountingJwks(String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    server.createContext("/.well-known/jwks.json", exchange -> {
      fetches.incrementAndGet();
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  /** Serves {@link TestJwtIssuer#publicJwks()}. */
  public static CountingJwks ofTestIssuer() {
    return new CountingJwks(TestJwtIssuer.get().publicJwks());
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json");
  }

  public int fetches() {
    return fetches.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
