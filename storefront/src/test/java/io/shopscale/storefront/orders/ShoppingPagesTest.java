package io.shopscale.storefront.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.shopscale.storefront.Browser;
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

/**
 * Log in, cart, checkout and the order's page, through the forms as a browser without JavaScript submits them,
 * against the API as docs/api.md says the gateway answers.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ShoppingPagesTest {

  static final StubGateway gateway = StubGateway.start();
  static final String PRODUCT = "0190a1b2-0000-7000-8000-000000000001";
  static final String ORDER = "0190a1b2-0000-7000-8000-00000000000a";

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

  Browser browser;

  @BeforeEach
  void setUp() {
    gateway.reset();
    browser = new Browser(port);
    gateway.on("POST", "/api/auth/login", Answer.json(200, """
        {"accessToken":"secret-access-token","tokenType":"Bearer","expiresIn":900,"refreshToken":"secret-refresh"}"""));
    gateway.on("GET", "/api/users/me", Answer.json(200, """
        {"id":"0190a1b2-0000-7000-8000-0000000000aa","email":"ann@example.com","name":"Ann","tier":"FREE",
        "roles":["CUSTOMER"],"createdAt":"2026-01-01T00:00:00Z"}"""));
    gateway.on("GET", "/api/products/" + PRODUCT, Answer.json(200, """
        {"id":"%s","sku":"MUG-1","name":"Blue mug","description":"A mug","price":{"amount":"12.50","currency":"USD"},
        "availableQuantity":3,"version":1,"updatedAt":"2026-01-01T00:00:00Z"}""".formatted(PRODUCT)));
    gateway.on("POST", "/api/orders", Answer.json(202, order("PENDING", null)));
    gateway.on("GET", "/api/orders/" + ORDER, Answer.json(200, order("PENDING", null)));
  }

  @Test
  void aCheckoutFormSubmittedTwicePlacesOneOrderWithItsIdempotencyKeyAndTheTokensNeverReachThePage() {
    logIn();
    browser.get("/products/" + PRODUCT);
    browser.post("/cart/items", Map.of("productId", PRODUCT, "quantity", "2"));
    var cart = browser.get("/cart");
    assertThat(cart.body()).contains("Blue mug", "25.00 USD");
    String key = browser.field("idempotencyKey");

    var first = browser.post("/orders", Map.of("idempotencyKey", key, "paymentToken", "tok_visa"));
    browser.get("/cart");
    var second = browser.post("/orders", Map.of("idempotencyKey", key, "paymentToken", "tok_visa"));

    assertThat(first.uri().getPath()).isEqualTo("/orders/" + ORDER);
    assertThat(second.uri().getPath()).isEqualTo("/orders/" + ORDER);
    var placed = gateway.received().stream().filter(r -> r.method().equals("POST")
        && r.pathAndQuery().equals("/api/orders")).toList();
    assertThat(placed).hasSize(1);
    assertThat(placed.getFirst().headers().getFirst("Idempotency-Key")).isEqualTo(key);
    assertThat(placed.getFirst().headers().getFirst("Authorization")).isEqualTo("Bearer secret-access-token");
    assertThat(placed.getFirst().body()).contains("\"quantity\":2", PRODUCT, "tok_visa");
    assertThat(first.body()).contains("PENDING", "every 1s").doesNotContain("secret-access-token", "secret-refresh");
    assertThat(browser.cookies().getCookieStore().getCookies()).allSatisfy(cookie -> assertThat(cookie.isHttpOnly())
        .isTrue());
  }

  @Test
  void aSettledOrdersStatusPanelStopsPollingAndADeclinedPaymentSaysSo() {
    logIn();
    gateway.on("GET", "/api/orders/" + ORDER, Answer.json(200, order("CANCELLED", "PAYMENT_DECLINED")));

    var panel = browser.get("/orders/" + ORDER + "/status");

    assertThat(panel.body()).contains("CANCELLED", "The payment was declined").doesNotContain("hx-get", "<html");
  }

  @Test
  void pagesThatNeedALoginSendTheShopperToTheLoginFormAndBackAfterwards() {
    var orders = browser.get("/orders");
    assertThat(orders.uri().toString()).endsWith("/login?next=%2Forders");

    gateway.on("GET", "/api/orders", Answer.json(200, "{\"items\":[],\"nextCursor\":null}"));
    var back = browser.post("/login", Map.of("email", "ann@example.com", "password", "long enough password",
        "next", "/orders"));

    assertThat(back.uri().getPath()).isEqualTo("/orders");
    assertThat(back.body()).contains("No orders yet.", "Ann");
  }

  @Test
  void aRefusedLoginIsShownAsASentenceAndAnApiProblemWithFieldsToo() {
    gateway.on("POST", "/api/auth/login", Answer.problem(401, "Unauthorized", "Bad credentials"));
    browser.get("/login");
    var refused = browser.post("/login", Map.of("email", "ann@example.com", "password", "wrong"));
    assertThat(refused.body()).contains("The email or password is not right.");

    gateway.on("POST", "/api/users", new Answer(400, "application/problem+json",
        """
            {"type":"about:blank","title":"Bad Request","status":400,"detail":"The request is not valid.",
            "instance":"/api/users","correlationId":"c-9","errors":[{"field":"password","message":"must be at least 12 characters"}]}""",
        Map.of()));
    browser.get("/register");
    var invalid = browser.post("/register", Map.of("email", "ann@example.com", "password", "short", "name", "Ann"));
    assertThat(invalid.body()).contains("The request is not valid. Password must be at least 12 characters.");
  }

  private void logIn() {
    browser.get("/login");
    browser.post("/login", Map.of("email", "ann@example.com", "password", "long enough password"));
  }

  private static String order(String status, String reason) {
    return """
        {"id":"%s","userId":"0190a1b2-0000-7000-8000-0000000000aa","status":"%s",
        "items":[{"productId":"%s","quantity":2,"unitPrice":{"amount":"12.50","currency":"USD"}}],
        "total":{"amount":"25.00","currency":"USD"},"failureReason":%s,
        "createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z"}"""
        .formatted(ORDER, status, PRODUCT, reason == null ? "null" : "\"" + reason + "\"");
  }
}
