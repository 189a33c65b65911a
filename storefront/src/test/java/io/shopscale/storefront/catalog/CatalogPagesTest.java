package io.shopscale.storefront.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.shopscale.storefront.StubGateway;
import io.shopscale.storefront.StubGateway.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The catalog pages against the API as the gateway answers it, over real HTTP. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class CatalogPagesTest {

  static final StubGateway gateway = StubGateway.start();

  @DynamicPropertySource
  static void api(DynamicPropertyRegistry registry) {
    registry.add("shopscale.storefront.api-url", gateway::url);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @LocalServerPort
  int port;

  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void reset() {
    gateway.reset();
  }

  @Test
  void theFrontPageListsTheCatalogWithALinkToTheNextCursorPageAndForwardsTheCorrelationId() throws Exception {
    gateway.on("GET", "/api/products", Answer.json(200,
        """
            {"items":[{"id":"0190a1b2-0000-7000-8000-000000000001","sku":"MUG-1","name":"Blue <mug>","description":"d",
            "price":{"amount":"12.50","currency":"USD"},"availableQuantity":3,"version":1,"updatedAt":"2026-01-01T00:00:00Z"}],
            "nextCursor":"abc=="}"""));

    HttpResponse<String> page = get("/?q=mug", "shopper-42");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Blue &lt;mug&gt;", "12.50 USD", "3 in stock",
        "href=\"/products/0190a1b2-0000-7000-8000-000000000001\"", "cursor=abc%3D%3D");
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
        csp -> assertThat(csp).contains("script-src 'self'"));
    var call = gateway.received().getFirst();
    assertThat(call.pathAndQuery()).isEqualTo("/api/products?limit=12&q=mug");
    assertThat(call.headers().getFirst("X-Correlation-ID")).isEqualTo("shopper-42");
  }

  @Test
  void aSearchTextThatLooksLikeAUriTemplateIsSentAsText() throws Exception {
    gateway.on("GET", "/api/products", Answer.json(200, "{\"items\":[],\"nextCursor\":null}"));

    HttpResponse<String> page = get("/?q=%7Bx%7D%20%26y", "c-2");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("No products match.");
    assertThat(gateway.received().getFirst().pathAndQuery()).isEqualTo("/api/products?limit=12&q=%7Bx%7D%20%26y");
  }

  @Test
  void anApiProblemIsShownAsItsSentenceWithTheApisStatus() throws Exception {
    gateway.on("GET", "/api/products", Answer.problem(400, "Bad Request", "The cursor is not valid."));

    HttpResponse<String> page = get("/?cursor=bogus", "c-3");

    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.body()).contains("The cursor is not valid.", "c-1").doesNotContain("Exception");
  }

  private HttpResponse<String> get(String path, String correlationId) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("X-Correlation-ID", correlationId).build(), HttpResponse.BodyHandlers.ofString());
  }
}
