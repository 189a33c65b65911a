package io.shopscale.gateway.edge;

import static io.shopscale.gateway.GatewayTestSupport.assertProblem;
import static io.shopscale.gateway.GatewayTestSupport.member;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import io.shopscale.gateway.AgainstStubService;
import io.shopscale.gateway.GatewayTestSupport;
import io.shopscale.testsupport.JwtAttack;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import io.shopscale.testsupport.TestJwtIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/** Everything the edge decides before a request reaches a service, over real HTTP against a stub service. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "shopscale.ratelimit.key-prefix=test-edge-${random.uuid}",
    "shopscale.gateway.edge.trusted-proxies=10.0.0.0/8",
    "shopscale.gateway.edge.max-request-size=1KB",
    "CORS_ALLOWED_ORIGINS=https://shop.example"})
@ShopScaleInfrastructure(Server.REDIS)
class GatewayEdgeIT extends AgainstStubService {

  private final TestJwtIssuer issuer = TestJwtIssuer.get();

  @Test
  void protectedRouteWithoutTokenIsUnauthorizedWithBearerChallengeAndNeverReachesTheService() {
    var result = assertProblem(http.get().uri("/api/orders").exchange(), 401);
    assertThat(result.getResponseHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer");
    assertThat(service.hits()).isZero();
  }

  @Test
  void validTokenReachesTheServiceWithItsAuthorizationHeader() {
    String token = issuer.customer("user-1");
    http.get().uri("/api/orders").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
        .expectStatus().isOk();
    assertThat(service.lastRequestHeaders().getFirst("Authorization")).isEqualTo("Bearer " + token);
  }

  @Test
  void publicRoutesNeedNoToken() {
    http.get().uri("/api/products").exchange().expectStatus().isOk();
    http.get().uri("/api/products/0190a1b2-0000-7000-8000-000000000001").exchange().expectStatus().isOk();
    http.post().uri("/api/users").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
        .expectStatus().isOk();
    http.post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
        .expectStatus().isOk();
    http.get().uri("/.well-known/jwks.json").exchange().expectStatus().isOk();
    assertThat(service.hits()).isEqualTo(5);
  }

  @Test
  void theShopsPagesAndAssetsReachTheStorefrontWithoutATokenAndTheApiStillNeedsOne() {
    for (String page : new String[]{"/", "/products/0190a1b2-0000-7000-8000-000000000001", "/cart", "/login",
        "/orders/0190a1b2-0000-7000-8000-000000000001", "/admin/products", "/console",
        "/static/webjars/htmx.org/dist/htmx.min.js"}) {
      http.get().uri(page).exchange().expectStatus().isOk();
    }
    http.post().uri("/cart/items").contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("quantity=1")
        .exchange().expectStatus().isOk();
    assertThat(service.hits()).isEqualTo(9);
    assertProblem(http.get().uri("/api/orders").exchange(), 401);
    assertProblem(http.get().uri("/actuator/prometheus").exchange(), 404);
  }

  @Test
  void writesToTheCatalogNeedAToken() {
    assertProblem(http.post().uri("/api/products").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
        .exchange(), 401);
    assertProblem(http.get().uri("/api/users/me").exchange(), 401);
  }

  @ParameterizedTest
  @EnumSource(JwtAttack.class)
  void forgedOrInvalidTokensAreUnauthorizedAtTheEdge(JwtAttack attack) {
    var result = assertProblem(http.get().uri("/api/orders")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + attack.tokenFor("mallory")).exchange(), 401);
    assertThat(result.getResponseHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
    assertThat(service.hits()).isZero();
  }

  @Test
  void wellFormedCorrelationIdIsPassedThroughToTheServiceAndBack() {
    http.get().uri("/api/products").header("X-Correlation-ID", "abc-123.X_y").exchange()
        .expectStatus().isOk().expectHeader().valueEquals("X-Correlation-ID", "abc-123.X_y");
    assertThat(service.lastRequestHeaders().getFirst("X-Correlation-ID")).isEqualTo("abc-123.X_y");
  }

  @Test
  void missingOrMalformedCorrelationIdIsReplacedByAUuidThatTheServiceSeesToo() {
    for (String sent : new String[]{null, "bad id\r\nx", "x".repeat(65)}) {
      var spec = http.get().uri("/api/products");
      if (sent != null) {
        spec = spec.header("X-Correlation-ID", sent.replace("\r\n", "%0D%0A"));
      }
      String returned = spec.exchange().expectStatus().isOk().returnResult(String.class).getResponseHeaders()
          .getFirst("X-Correlation-ID");
      assertThat(returned).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
      assertThat(service.lastRequestHeaders().getFirst("X-Correlation-ID")).isEqualTo(returned);
    }
  }

  @Test
  void problemsCarryTheCallersCorrelationId() {
    var result = assertProblem(http.get().uri("/api/orders").header("X-Correlation-ID", "trace-me").exchange(), 401);
    assertThat(member(result, "correlationId")).isEqualTo("trace-me");
    assertThat(member(result, "instance")).isEqualTo("/api/orders");
  }

  @Test
  void theCallersTraceContinuesThroughTheGatewayToTheService() {
    String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    http.get().uri("/api/products").header("traceparent", traceparent).exchange().expectStatus().isOk();
    // same trace, sampled as the caller decided; the parent is now the gateway's own span
    assertThat(service.lastRequestHeaders().getFirst("traceparent"))
        .matches("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01")
        .isNotEqualTo(traceparent);
  }

  @Test
  void onlyTheGatewaysOwnHealthIsReachableOfAnyActuator() {
    http.get().uri("/actuator/health").exchange().expectStatus().isOk();
    http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
    http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
    String admin = "Bearer " + issuer.admin("admin-1");
    for (String path : new String[]{"/actuator", "/actuator/gateway/routes", "/actuator/prometheus",
        "/actuator/info", "/actuator/env"}) {
      assertProblem(http.get().uri(path).exchange(), 404);
      assertProblem(http.get().uri(path).header(HttpHeaders.AUTHORIZATION, admin).exchange(), 404);
    }
    assertProblem(http.post().uri("/actuator/gateway/refresh").header(HttpHeaders.AUTHORIZATION, admin).exchange(),
        404);
    for (String path : new String[]{"/inventory-service/actuator/health", "/inventory-service/actuator/prometheus",
        "/api/../actuator/env", "/user-service/v3/api-docs/../../actuator/env"}) {
      http.get().uri(path).header(HttpHeaders.AUTHORIZATION, admin).exchange().expectStatus()
          .value(status -> assertThat(status).isIn(400, 404));
    }
    assertThat(service.hits()).isZero();
  }

  @Test
  void unknownPathIsANotFoundProblemThatNamesNothingInternal() {
    String admin = "Bearer " + issuer.admin("admin-1");
    var result = assertProblem(http.get().uri("/no/such/thing").header(HttpHeaders.AUTHORIZATION, admin).exchange(),
        404);
    assertThat(new String(result.getResponseBody(), StandardCharsets.UTF_8)).doesNotContain("127.0.0.1", "Exception",
        "org.springframework");
  }

  @Test
  void responsesCarrySecurityHeadersAndAuthenticatedOnesAreNeverStoredByCaches() {
    http.get().uri("/api/orders").header(HttpHeaders.AUTHORIZATION, "Bearer " + issuer.customer("user-2")).exchange()
        .expectStatus().isOk()
        .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
        .expectHeader().value(HttpHeaders.CACHE_CONTROL, value -> assertThat(value).contains("no-store"))
        .expectHeader().doesNotExist("Strict-Transport-Security");
  }

  @Test
  void hstsOnlyWhenATrustedProxySaysTheClientUsedTls() {
    // the test client is 127.0.0.1, not one of the trusted 10.0.0.0/8 proxies: its claim is not believed
    http.get().uri("/api/products").header("X-Forwarded-Proto", "https").exchange()
        .expectStatus().isOk().expectHeader().doesNotExist("Strict-Transport-Security");
    assertThat(service.lastRequestHeaders().getFirst("X-Forwarded-Proto")).isEqualTo("http");
  }

  @Test
  void servicesLearnThePublicAddressFromTheGatewayNotFromAnUntrustedClient() {
    // the services build absolute URLs from these, e.g. the OpenAPI servers behind Swagger UI's try-it-out
    http.get().uri("/api/products").header("X-Forwarded-Host", "evil.example").header("X-Forwarded-Port", "666")
        .header("X-Forwarded-Proto", "https").header("Forwarded", "host=evil.example;proto=https").exchange()
        .expectStatus().isOk();
    var seen = service.lastRequestHeaders();
    assertThat(GatewayTestSupport.addressAsTheServiceSeesIt(seen))
        .isEqualTo("http://127.0.0.1:" + port + "/v3/api-docs");
    assertThat(seen.getFirst("X-Forwarded-For")).isEqualTo("127.0.0.1");
    assertThat(seen.getFirst("Forwarded")).isNull();
    assertThat(seen.getFirst("X-Forwarded-Port")).isNull();

    // /order-service/v3/api-docs is rewritten to /v3/api-docs: "/order-service" must not become the API's base path
    http.get().uri("/order-service/v3/api-docs").exchange().expectStatus().isOk();
    assertThat(service.lastRequestHeaders().getFirst("X-Forwarded-Prefix")).isNull();
  }

  @Test
  void oversizedBodiesAreRefusedBeforeTheService() {
    assertProblem(http.post().uri("/api/users").contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"name\":\"" + "x".repeat(2048) + "\"}").exchange(), 413);
    assertThat(service.hits()).isZero();
  }

  @Test
  void corsPreflightIsAnsweredForConfiguredOriginsOnly() {
    http.options().uri("/api/orders").header(HttpHeaders.ORIGIN, "https://shop.example")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "Authorization, Content-Type, Idempotency-Key")
        .exchange().expectStatus().isOk()
        .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://shop.example");
    http.options().uri("/api/orders").header(HttpHeaders.ORIGIN, "https://evil.example")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST").exchange()
        .expectStatus().isForbidden()
        .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
    assertThat(service.hits()).isZero();
  }

  @Test
  void swaggerUiListsEveryServicesDocumentAndEachDocumentIsRoutedWithoutItsPrefix() {
    var config = http.get().uri("/v3/api-docs/swagger-config").exchange().expectStatus().isOk().expectBody()
        .returnResult();
    List<String> urls = JsonPath.read(new String(config.getResponseBody(), StandardCharsets.UTF_8), "$.urls[*].url");
    assertThat(urls).containsExactlyInAnyOrder("/user-service/v3/api-docs", "/inventory-service/v3/api-docs",
        "/order-service/v3/api-docs", "/payment-service/v3/api-docs");
    EntityExchangeResult<byte[]> doc = http.get().uri("/order-service/v3/api-docs").exchange().expectStatus().isOk()
        .expectBody().returnResult();
    assertThat(new String(doc.getResponseBody(), StandardCharsets.UTF_8)).contains("\"/v3/api-docs\"");
    http.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
  }
}
