package io.shopscale.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import io.shopscale.systemtests.Customer.Line;
import io.shopscale.systemtests.Gateway.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every way an order can end, and who may see it, through the gateway against the running saga. */
@SystemTest
class OrderOutcomesIT {

  /** docs/api.md: released stock is back within 10 s of the order being cancelled. */
  private static final Duration STOCK_BACK_WITHIN = Duration.ofSeconds(10);

  private static Gateway gateway;
  private static Admin admin;
  private static Databases databases;

  @BeforeAll
  static void connect(RunningSystem system) {
    gateway = new Gateway(system.gateway());
    admin = Admin.login(gateway);
    databases = new Databases(system);
  }

  @Test
  void declinedCardCancelsTheOrderWithPaymentDeclinedAndGivesTheStockBack() {
    UUID product = admin.createProductId("Declined Lamp " + UUID.randomUUID(), "20.00", 10);
    Customer customer = Customer.register(gateway, "declined");

    UUID order = id(customer.place("tok_chargeDeclined", new Line(product, 2)));

    JsonNode settled = customer.awaitSettled(order);
    assertThat(settled.get("status").asString()).isEqualTo("CANCELLED");
    assertThat(settled.get("failureReason").asString()).isEqualTo("PAYMENT_DECLINED");
    assertThat(customer.payment(order).expect(200).json().get("status").asString()).isEqualTo("DECLINED");
    awaitStock(product, 10);
  }

  @Test
  void paymentProviderThatNeverAnswersEndsTheOrderWithPaymentTimeoutWithin30Seconds() {
    UUID product = admin.createProductId("Slow Lamp " + UUID.randomUUID(), "20.00", 10);
    Customer customer = Customer.register(gateway, "slow");

    UUID order = id(customer.place("tok_slow", new Line(product, 1)));

    JsonNode settled = customer.awaitSettled(order, Duration.ofSeconds(30));
    assertThat(settled.get("status").asString()).isEqualTo("CANCELLED");
    assertThat(settled.get("failureReason").asString()).isEqualTo("PAYMENT_TIMEOUT");
    awaitStock(product, 10);
    await("the payment is FAILED").atMost(Duration.ofSeconds(10)).untilAsserted(
        () -> assertThat(customer.payment(order).expect(200).json().get("status").asString()).isEqualTo("FAILED"));
  }

  @Test
  void customerCancellingAConfirmedOrderGetsTheMoneyBackAndTheStockIsReleased() {
    UUID product = admin.createProductId("Regret Lamp " + UUID.randomUUID(), "15.00", 10);
    Customer customer = Customer.register(gateway, "regret");
    UUID order = id(customer.place("tok_visa", new Line(product, 2)));
    assertThat(customer.awaitSettled(order).get("status").asString()).isEqualTo("CONFIRMED");
    assertThat(admin.stock(product)).isEqualTo(8);

    customer.cancel(order).expect(202);

    JsonNode cancelled = await("the order is cancelled").atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(250)).until(() -> customer.order(order),
            current -> "CANCELLED".equals(current.get("status").asString()));
    assertThat(cancelled.get("failureReason").asString()).isEqualTo("CANCELLED_BY_CUSTOMER");
    await("the payment is refunded").atMost(Duration.ofSeconds(10)).untilAsserted(
        () -> assertThat(customer.payment(order).expect(200).json().get("status").asString()).isEqualTo("REFUNDED"));
    awaitStock(product, 10);
    customer.cancel(order).expectProblem(409);
  }

  @Test
  void twelveBuyersRacingForFiveItemsGetExactlyFiveOrdersConfirmedAndTheRestOutOfStock() {
    UUID product = admin.createProductId("Scarce Lamp " + UUID.randomUUID(), "30.00", 5);
    List<Customer> buyers = OrderLoad.customers(gateway, "racer", 12);
    CountDownLatch allReady = new CountDownLatch(12);

    List<UUID> orders = OrderLoad.inParallel(12, 12, i -> {
      allReady.countDown();
      awaitQuietly(allReady); // all twelve at once
      return id(buyers.get(i).place("tok_visa", new Line(product, 1)));
    });

    Map<String, List<UUID>> byOutcome = new java.util.TreeMap<>();
    for (int i = 0; i < orders.size(); i++) {
      JsonNode settled = buyers.get(i).awaitSettled(orders.get(i));
      String outcome = settled.get("status").asString() + (settled.get("failureReason").isNull()
          ? ""
          : "/" + settled.get("failureReason").asString());
      byOutcome.computeIfAbsent(outcome, key -> new ArrayList<>()).add(orders.get(i));
    }
    assertThat(byOutcome.keySet()).containsExactly("CANCELLED/OUT_OF_STOCK", "CONFIRMED");
    assertThat(byOutcome.get("CONFIRMED")).hasSize(5);
    assertThat(byOutcome.get("CANCELLED/OUT_OF_STOCK")).hasSize(7);
    assertThat(admin.stock(product)).isZero();
    for (int i = 0; i < orders.size(); i++) {
      Response payment = buyers.get(i).payment(orders.get(i));
      if (byOutcome.get("CONFIRMED").contains(orders.get(i))) {
        assertThat(payment.expect(200).json().get("status").asString()).isEqualTo("AUTHORIZED");
      }
      else {
        payment.expectProblem(404); // never charged
      }
    }
    Map<String, Long> reservations = databases.query("inventory", "select status from reservations where order_id "
        + "= any(?)", row -> row.getString(1), (Object) orders.toArray(UUID[]::new)).stream()
        .collect(Collectors.groupingBy(status -> status, Collectors.counting()));
    assertThat(reservations).isEqualTo(Map.of("COMMITTED", 5L, "REJECTED", 7L));
  }

  @Test
  void anotherCustomersOrderAndItsPaymentAreNotFound() {
    UUID product = admin.createProductId("Private Lamp " + UUID.randomUUID(), "9.99", 5);
    Customer owner = Customer.register(gateway, "owner");
    Customer stranger = Customer.register(gateway, "stranger");
    UUID order = id(owner.place("tok_visa", new Line(product, 1)));
    owner.awaitSettled(order);

    stranger.gateway.get("/api/orders/" + order, stranger.token).expectProblem(404);
    stranger.payment(order).expectProblem(404);
    stranger.cancel(order).expectProblem(404);

    assertThat(stranger.orders()).isEmpty();
    assertThat(owner.order(order).get("status").asString()).isEqualTo("CONFIRMED");
    assertThat(owner.payment(order).expect(200).json().get("status").asString()).isEqualTo("AUTHORIZED");
  }

  @Test
  void replayingAPlacementWithTheSameIdempotencyKeyReturnsTheSameOrderAndChargesOnce() {
    UUID product = admin.createProductId("Replay Lamp " + UUID.randomUUID(), "5.00", 10);
    Customer customer = Customer.register(gateway, "replay");
    String key = "replay-" + UUID.randomUUID();
    List<Line> twoLamps = List.of(new Line(product, 2));

    UUID first = id(customer.tryToPlace(key, "tok_visa", twoLamps).expect(202).json());
    List<UUID> replays = OrderLoad.inParallel(5, 5, i -> id(customer.tryToPlace(key, "tok_visa", twoLamps)
        .expect(200, 202).json()));
    customer.tryToPlace(key, "tok_visa", List.of(new Line(product, 3))).expectProblem(422);

    assertThat(replays).containsOnly(first);
    assertThat(customer.awaitSettled(first).get("status").asString()).isEqualTo("CONFIRMED");
    assertThat(customer.orders()).hasSize(1);
    assertThat(databases.count("orders", "select count(*) from orders where user_id = ?", customer.id)).isOne();
    assertThat(databases.count("payments", "select count(*) from payments where order_id = ?", first)).isOne();
    assertThat(admin.stock(product)).isEqualTo(8);
  }

  private static UUID id(JsonNode order) {
    return UUID.fromString(order.get("id").asString());
  }

  private static void awaitStock(UUID product, int quantity) {
    await("stock of " + product + " back to " + quantity).atMost(STOCK_BACK_WITHIN)
        .pollInterval(Duration.ofMillis(250)).until(() -> admin.stock(product), stock -> stock == quantity);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    }
    catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ex);
    }
  }
}
