package io.shopscale.order.order;

import static io.shopscale.testsupport.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.jayway.jsonpath.JsonPath;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.order.FakeInventory;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.TestJwtIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** The "Orders" contract of docs/api.md against real PostgreSQL, priced by a fake inventory over real HTTP. */
// no broker here: the outbox keeps every row unpublished, which the sweeper test relies on
// admission off: the sweeper test's orders time out long after their placement, and those slow settlements would
// refuse the next tests' placements for a second or two (SagaAdmissionIT is admission's own test)
@SpringBootTest(properties = {"shopscale.order.saga.timeout=1s", "shopscale.order.saga.sweep-every=100ms",
    "shopscale.order.admission.enabled=false"})
@AutoConfigureMockMvc
@ShopScaleInfrastructure
class OrderApiIT {

  @RegisterExtension
  static final FakeInventory inventory = new FakeInventory();

  @Autowired
  MockMvcTester mvc;

  @Autowired
  JdbcClient jdbc;

  @Autowired
  CircuitBreakerRegistry breakers;

  @Autowired
  MeterRegistry meters;

  private final UUID aliceId = UUID.randomUUID();
  private final String alice = bearer(TestJwtIssuer.get().customer(aliceId.toString()));
  private final String bob = bearer(TestJwtIssuer.get().customer(UUID.randomUUID().toString()));
  private final String admin = bearer(TestJwtIssuer.get().admin(UUID.randomUUID().toString()));
  private final UUID mug = inventory.product("9.50");
  private final UUID tea = inventory.product("3.25");

  @AfterEach
  void healthyInventory() {
    inventory.mode(FakeInventory.Mode.HEALTHY);
    breakers.circuitBreaker("inventory").reset();
  }

  @Test
  void placingAnOrderAnswers202WithAPendingOrderPricedByTheCatalog() throws Exception {
    // when
    MvcTestResult placed = place(alice, "key-1", body(mug, 2, tea, 1, "tok_visa"));
    // then
    assertThat(placed).hasStatus(202);
    String id = JsonPath.read(placed.getResponse().getContentAsString(), "$.id");
    assertThat(placed).hasHeader(HttpHeaders.LOCATION, "/api/orders/" + id);
    assertThat(placed).bodyJson().isLenientlyEqualTo("""
        {"id":"%s","userId":"%s","status":"PENDING","failureReason":null,
         "items":[{"productId":"%s","quantity":2,"unitPrice":{"amount":"9.50","currency":"USD"}},
                  {"productId":"%s","quantity":1,"unitPrice":{"amount":"3.25","currency":"USD"}}],
         "total":{"amount":"22.25","currency":"USD"}}""".formatted(id, aliceId, mug, tea));
    assertThat(placed.getResponse().getContentAsString()).doesNotContain("tok_visa");
    assertThat(get(alice, id)).hasStatusOk().bodyJson().extractingPath("$.status").isEqualTo("PENDING");
    assertThat(outboxTypes(id)).containsExactly("io.shopscale.order.OrderPlaced.v1");
  }

  @Test
  void anOrderIsPricedWithTheCurrentPriceEvenWhileInventorysCacheStillServesTheOldOne() throws Exception {
    // given: the price went from 5.00 to 7.00 but the write-through was lost, so browsing still shows 5.00
    UUID repriced = inventory.productWithStaleCache("5.00", "7.00");
    // when
    MvcTestResult placed = place(alice, "key-stale", body(repriced, 2, tea, 1, "tok_visa"));
    // then: the customer is charged what the catalog says now, never a stale cached price
    assertThat(placed).hasStatus(202);
    assertThat(placed).bodyJson().extractingPath("$.items[0].unitPrice.amount").isEqualTo("7.00");
    assertThat(placed).bodyJson().extractingPath("$.total.amount").isEqualTo("17.25");
  }

  @Test
  void placingAnOrderTwiceWithSameKeyCreatesOneOrder() throws Exception {
    String first = idOf(place(alice, "key-twice", body(mug, 1, tea, 1, "tok_visa")));
    // when: a JSON-equal body (fields in another order)
    MvcTestResult again = place(alice, "key-twice", """
        {"paymentToken":"tok_visa","items":[{"quantity":1,"productId":"%s"},{"productId":"%s","quantity":1}]}"""
        .formatted(mug, tea));
    // then
    assertThat(again).hasStatus(202);
    assertThat(idOf(again)).isEqualTo(first);
    assertThat(ordersOf(aliceId)).isEqualTo(1);
  }

  @Test
  void sameKeyWithAnotherBodyIsUnprocessableAndKeysArePerUser() throws Exception {
    place(alice, "key-other", body(mug, 1, tea, 1, "tok_visa"));
    // when
    MvcTestResult other = place(alice, "key-other", body(mug, 5, tea, 1, "tok_visa"));
    MvcTestResult bobsOwn = place(bob, "key-other", body(mug, 5, tea, 1, "tok_visa"));
    // then
    assertProblem(other, 422);
    assertThat(bobsOwn).hasStatus(202);
    assertThat(ordersOf(aliceId)).isEqualTo(1);
  }

  @Test
  void concurrentTwinsWithOneKeyCreateOneOrder() throws Exception {
    // given
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Callable<String>> twins = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      twins.add(() -> idOf(place(alice, "key-race", body(mug, 1, tea, 2, "tok_visa"))));
    }
    // when
    Set<String> ids;
    try {
      ids = pool.invokeAll(twins).stream().map(OrderApiIT::result).collect(Collectors.toSet());
    }
    finally {
      pool.shutdown();
    }
    // then
    assertThat(ids).hasSize(1);
    assertThat(ordersOf(aliceId)).isEqualTo(1);
    assertThat(outboxTypes(ids.iterator().next())).hasSize(1);
  }

  @Test
  void invalidRequestsAre400AndStoreNothing() {
    UUID unknown = UUID.randomUUID();
    String valid = body(mug, 1, tea, 1, "tok_visa");
    String tooManyLines = "{\"items\":[" + IntStream.range(0, 51)
        .mapToObj(i -> "{\"productId\":\"" + mug + "\",\"quantity\":1}").collect(Collectors.joining(",")) + "]}";
    // then
    assertProblem(mvc.post().uri("/api/orders").header(HttpHeaders.AUTHORIZATION, alice)
        .contentType(MediaType.APPLICATION_JSON).content(valid).exchange(), 400); // no key
    assertThat(mvc.post().uri("/api/orders").header(HttpHeaders.AUTHORIZATION, alice)
        .contentType(MediaType.APPLICATION_JSON).content("{\"items\":[]}").exchange())
        .bodyJson().extractingPath("$.errors[0].field").isEqualTo("items"); // the body outranks the missing key
    assertProblem(place(alice, "k-a", "{\"items\":[]}"), 400);
    assertProblem(place(alice, "k-b", body(mug, 0, tea, 1, "tok_visa")), 400);
    assertProblem(place(alice, "k-c", body(mug, 101, tea, 1, "tok_visa")), 400);
    assertProblem(place(alice, "k-d", tooManyLines), 400);
    assertProblem(place(alice, "k-e", body(mug, 1, tea, 1, "tok_amex")), 400);
    assertProblem(place(alice, "k-f", "{\"items\":[{\"productId\":\"nope\",\"quantity\":1}]}"), 400);
    assertProblem(place(alice, "k-g", "{\"items\":[{\"productId\":\"" + mug + "\",\"quantity\":1}],\"total\":1}"), 400);
    assertProblem(place(alice, "x".repeat(65), valid), 400);
    MvcTestResult unknownProduct = place(alice, "k-h", body(mug, 1, unknown, 1, "tok_visa"));
    assertProblem(unknownProduct, 400);
    assertThat(unknownProduct).bodyJson().extractingPath("$.errors[0].field").isEqualTo("items[1].productId");
    assertProblem(mvc.post().uri("/api/orders").header(HttpHeaders.AUTHORIZATION, alice).header("Idempotency-Key", "k")
        .contentType(MediaType.TEXT_PLAIN).content(valid).exchange(), 415);
    assertProblem(mvc.post().uri("/api/orders").header("Idempotency-Key", "k")
        .contentType(MediaType.APPLICATION_JSON).content(valid).exchange(), 401);
    assertThat(ordersOf(aliceId)).isZero();
  }

  @Test
  void ordersAreVisibleToTheirOwnerAndAdminsOnly() throws Exception {
    String id = idOf(place(alice, "key-owner", body(mug, 1, tea, 1, "tok_visa")));
    assertThat(get(alice, id)).hasStatusOk();
    assertThat(get(admin, id)).hasStatusOk();
    assertProblem(get(bob, id), 404);
    assertProblem(get(alice, UUID.randomUUID().toString()), 404);
    assertProblem(get(alice, "not-a-uuid"), 400);
  }

  @Test
  void ownOrdersAreListedNewestFirstPageByPage() throws Exception {
    List<String> placed = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      placed.add(0, idOf(place(alice, "key-list-" + i, body(mug, 1, tea, i + 1, "tok_visa"))));
    }
    place(bob, "key-list-bob", body(mug, 1, tea, 1, "tok_visa"));
    // when
    MvcTestResult first = list(alice, "?limit=2");
    String cursor = JsonPath.read(first.getResponse().getContentAsString(), "$.nextCursor");
    MvcTestResult second = list(alice, "?limit=2&cursor=" + cursor);
    String last = JsonPath.read(second.getResponse().getContentAsString(), "$.nextCursor");
    MvcTestResult third = list(alice, "?limit=2&cursor=" + last);
    // then
    assertThat(ids(first)).containsExactly(placed.get(0), placed.get(1));
    assertThat(ids(second)).containsExactly(placed.get(2), placed.get(3));
    assertThat(ids(third)).containsExactly(placed.get(4));
    assertThat(third).bodyJson().extractingPath("$.nextCursor").isNull();
    assertProblem(list(alice, "?cursor=garbage"), 400);
    assertProblem(list(alice, "?limit=0"), 400);
    assertProblem(list(alice, "?limit=101"), 400);
    assertProblem(list(alice, "?limit=ten"), 400);
  }

  @Test
  void cancellingEndsTheOrderWithTheCallersReasonOnceOnly() throws Exception {
    String own = idOf(place(alice, "key-cancel-1", body(mug, 1, tea, 1, "tok_visa")));
    String other = idOf(place(alice, "key-cancel-2", body(mug, 1, tea, 1, "tok_visa")));
    // then
    assertProblem(cancel(bob, own), 404);
    assertThat(cancel(alice, own)).hasStatus(202).bodyJson().isLenientlyEqualTo(
        "{\"status\":\"CANCELLED\",\"failureReason\":\"CANCELLED_BY_CUSTOMER\"}");
    assertProblem(cancel(alice, own), 409);
    assertThat(cancel(admin, other)).hasStatus(202).bodyJson().extractingPath("$.failureReason")
        .isEqualTo("CANCELLED_BY_ADMIN");
    assertThat(outboxTypes(own)).containsExactly("io.shopscale.order.OrderPlaced.v1",
        "io.shopscale.order.OrderCancelled.v1");
  }

  @Test
  void theSagaTimeoutStartsWhenTheOrderReachedKafkaNotWhileItWaitsInTheOutbox() throws Exception {
    // given: an order whose OrderPlaced is still in the outbox (the broker is down) for longer than the timeout
    String id = idOf(place(alice, "key-outage", body(mug, 1, tea, 1, "tok_visa")));
    jdbc.sql("UPDATE orders SET created_at = now() - interval '1 minute' WHERE id = CAST(? AS uuid)").param(id)
        .update();
    // then: sweeps come and go, the order waits
    long sweepsBefore = sweeps();
    await().atMost(Duration.ofSeconds(10)).until(() -> sweeps() >= sweepsBefore + 3);
    assertThat(get(alice, id)).bodyJson().extractingPath("$.status").isEqualTo("PENDING");
    // when: the event was published longer ago than the timeout
    jdbc.sql("UPDATE outbox_events SET published_at = now() - interval '2 seconds' WHERE aggregate_id = ?").param(id)
        .update();
    // then
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get(alice, id)).bodyJson()
        .extractingPath("$.failureReason").isEqualTo("PAYMENT_TIMEOUT"));
  }

  @Test
  void aFailingInventoryIs503WithRetryAfterAndStoresNothing() {
    // given
    inventory.mode(FakeInventory.Mode.FAILING);
    int callsBefore = inventory.calls();
    // when
    MvcTestResult refused = place(alice, "key-down", body(mug, 1, tea, 1, "tok_visa"));
    // then: retried (3 attempts), then refused
    assertProblem(refused, 503);
    assertThat(refused).hasHeader(HttpHeaders.RETRY_AFTER, "5");
    assertThat(inventory.calls() - callsBefore).isEqualTo(3);
    assertThat(ordersOf(aliceId)).isZero();
  }

  @Test
  void aHangingInventoryIsCutOffByTheTimeLimit() {
    inventory.mode(FakeInventory.Mode.HANGING);
    assertProblem(place(alice, "key-slow", body(mug, 1, tea, 1, "tok_visa")), 503);
    assertThat(ordersOf(aliceId)).isZero();
  }

  @Test
  void aBreakerOpenedByFailuresStopsCallingInventoryThenLetsTrialCallsThrough() {
    // given: enough failures to open the breaker (10 calls at least, half failing)
    inventory.mode(FakeInventory.Mode.FAILING);
    for (int i = 0; i < 4; i++) {
      place(alice, "key-open-" + i, body(mug, 1, tea, 1, "tok_visa"));
    }
    CircuitBreaker breaker = breakers.circuitBreaker("inventory");
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    // when
    int callsBefore = inventory.calls();
    MvcTestResult refused = place(alice, "key-open-x", body(mug, 1, tea, 1, "tok_visa"));
    // then: refused without a call
    assertProblem(refused, 503);
    assertThat(inventory.calls()).isEqualTo(callsBefore);
    // and once the wait is over (forced here), trial calls reach a recovered inventory and close it again
    inventory.mode(FakeInventory.Mode.HEALTHY);
    breaker.transitionToHalfOpenState();
    for (int i = 0; i < 3; i++) {
      assertThat(place(alice, "key-open-ok-" + i, body(mug, 1, tea, 1, "tok_visa"))).hasStatus(202);
    }
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  private MvcTestResult place(String token, String key, String body) {
    return mvc.post().uri("/api/orders").header(HttpHeaders.AUTHORIZATION, token).header("Idempotency-Key", key)
        .contentType(MediaType.APPLICATION_JSON).content(body).exchange();
  }

  private MvcTestResult get(String token, String id) {
    return mvc.get().uri("/api/orders/" + id).header(HttpHeaders.AUTHORIZATION, token).exchange();
  }

  private MvcTestResult list(String token, String query) {
    return mvc.get().uri("/api/orders" + query).header(HttpHeaders.AUTHORIZATION, token).exchange();
  }

  private MvcTestResult cancel(String token, String id) {
    return mvc.post().uri("/api/orders/" + id + "/cancel").header(HttpHeaders.AUTHORIZATION, token).exchange();
  }

  static String body(UUID first, int firstQuantity, UUID second, int secondQuantity, String token) {
    return """
        {"items":[{"productId":"%s","quantity":%d},{"productId":"%s","quantity":%d}],"paymentToken":"%s"}"""
        .formatted(first, firstQuantity, second, secondQuantity, token);
  }

  private static String idOf(MvcTestResult result) throws Exception {
    assertThat(result).hasStatus(202);
    return JsonPath.read(result.getResponse().getContentAsString(), "$.id");
  }

  private static List<String> ids(MvcTestResult result) throws Exception {
    return JsonPath.read(result.getResponse().getContentAsString(), "$.items[*].id");
  }

  private static String result(Future<String> future) {
    try {
      return future.get();
    }
    catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private long sweeps() {
    return meters.get("shopscale.order.saga.sweeps").timer().count();
  }

  private int ordersOf(UUID user) {
    return jdbc.sql("SELECT count(*) FROM orders WHERE user_id = ?").param(user).query(Integer.class).single();
  }

  private List<String> outboxTypes(String orderId) {
    return jdbc.sql("SELECT type FROM outbox_events WHERE aggregate_id = ? ORDER BY seq").param(orderId)
        .query(String.class).list();
  }

  private static String bearer(String token) {
    return "Bearer " + token;
  }
}
