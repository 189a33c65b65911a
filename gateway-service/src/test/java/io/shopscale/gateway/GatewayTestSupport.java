package io.shopscale.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.ForwardedHeaderUtils;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** Points every route of the gateway under test at one stub service, and talks to the gateway over real HTTP. */
public final class GatewayTestSupport {

  private GatewayTestSupport() {
  }

  public static void routeEverythingTo(DynamicPropertyRegistry registry, StubService stub) {
    for (String service : new String[]{"user", "inventory", "order", "payment", "storefront"}) {
      registry.add("shopscale.services." + service, stub::url);
    }
  }

  /**
   * A client with a new connection per request. Reactor Netty shares one connection pool JVM-wide, and a keep-alive
   * connection left behind by a test that was refused early (413, 401 before its body was read) was seen to hang a
   * later test's request: each test must stand on its own. Whether real keep-alive clients can hit the same thing
   * is an open question for the gateway, noted on its issue.
   */
  public static WebTestClient client(int port) {
    var connector = new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection()));
    return WebTestClient.bindToServer(connector).baseUrl("http://127.0.0.1:" + port)
        .responseTimeout(Duration.ofSeconds(30)).build();
  }

  /** The API contract for errors: every member present, the correlation id equal to the response header's. */
  public static EntityExchangeResult<byte[]> assertProblem(WebTestClient.ResponseSpec response, int status) {
    EntityExchangeResult<byte[]> result = response.expectStatus().isEqualTo(status)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().returnResult();
    byte[] body = result.getResponseBody();
    assertThat(body).isNotNull();
    DocumentContext json = JsonPath.parse(new String(body, StandardCharsets.UTF_8));
    assertThat(json.read("$.status", Integer.class)).isEqualTo(status);
    for (String member : new String[]{"type", "title", "detail", "instance", "correlationId"}) {
      assertThat(json.read("$." + member, String.class)).as(member).isNotBlank();
    }
    assertThat(json.read("$.correlationId", String.class))
        .isEqualTo(result.getResponseHeaders().getFirst("X-Correlation-ID"));
    return result;
  }

  public static String member(EntityExchangeResult<byte[]> result, String name) {
    return JsonPath.parse(new String(result.getResponseBody(), StandardCharsets.UTF_8)).read("$." + name, String.class);
  }

  /**
   * The address a service behind the gateway builds from the forwarding headers it received (as it does with
   * {@code server.forward-headers-strategy=framework}) for a request that reached it as
   * {@code http://service:8082/v3/api-docs}.
   */
  public static String addressAsTheServiceSeesIt(com.sun.net.httpserver.Headers received) {
    HttpHeaders headers = new HttpHeaders();
    received.forEach(headers::addAll);
    return ForwardedHeaderUtils.adaptFromForwardedHeaders(URI.create("http://service:8082/v3/api-docs"), headers)
        .build().toUriString();
  }
}
