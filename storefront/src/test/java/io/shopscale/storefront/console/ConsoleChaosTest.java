package io.shopscale.storefront.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * With the launcher's control endpoint configured (the local stack), the console shows the chaos controls and a
 * button runs its command there with the launcher's token; the answer (what to watch) comes back on the page. The
 * endpoint here is a stand-in that records what it is asked (the launcher's own is tested in local-stack's
 * ChaosControlsIT).
 */
@SpringBootTest
@AutoConfigureMockMvc
class ConsoleChaosTest {

  private static final List<String> received = new CopyOnWriteArrayList<>();
  private static final HttpServer launcher = launcher();

  @DynamicPropertySource
  static void launcherControls(DynamicPropertyRegistry registry) {
    registry.add("shopscale.console.control-url", () -> "http://127.0.0.1:" + launcher.getAddress().getPort());
    registry.add("shopscale.console.control-token", () -> "secret-1");
  }

  @Autowired
  MockMvcTester mvc;

  @AfterAll
  static void stop() {
    launcher.stop(0);
  }

  @Test
  void thePageOffersTheChaosControlsWithTheirStates() {
    assertThat(mvc.get().uri("/console").exchange()).hasStatusOk().bodyText()
        .contains("Break it", "value=\"redis down\"", "value=\"service order-service kill\"", "cut off");
  }

  @Test
  void aButtonRunsItsCommandAtTheLauncherAndShowsWhatToWatch() {
    var answer = mvc.post().uri("/console/chaos").with(csrf()).header("HX-Request", "true")
        .param("command", "redis down").exchange();

    assertThat(answer).hasStatusOk().bodyText().contains("Redis is down. Watch /console");
    assertThat(received).contains("POST /chaos/redis/down Bearer secret-1");
  }

  @Test
  void onlyChaosCommandsAreSentOn() {
    assertThat(mvc.post().uri("/console/chaos").with(csrf()).param("command", "../../etc passwd").exchange())
        .hasStatus(400);
    assertThat(mvc.post().uri("/console/chaos").param("command", "redis down").exchange()).hasStatus(403); // no CSRF
    assertThat(received).noneMatch(line -> line.contains("etc"));
  }

  private static HttpServer launcher() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
      server.createContext("/chaos", exchange -> {
        received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
            + exchange.getRequestHeaders().getFirst("Authorization"));
        if (exchange.getRequestMethod().equals("GET")) {
          reply(exchange, "application/json", "{\"redis\":\"up\",\"replica\":\"cut off (since 10:00:00)\","
              + "\"service order-service\":\"running\"}");
        }
        else {
          reply(exchange, "text/plain", "Redis is down. Watch /console: cache errors rise.\n");
        }
      });
      server.start();
      return server;
    }
    catch (IOException ex) {
      throw new java.io.UncheckedIOException(ex);
    }
  }

  private static void reply(HttpExchange exchange, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
