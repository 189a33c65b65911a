package io.shopscale.inventory.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.shopscale.events.EventEnvelope;
import io.shopscale.events.EventJson;
import io.shopscale.events.Money;
import io.shopscale.events.OrderCancelled;
import io.shopscale.events.OrderConfirmed;
import io.shopscale.events.OrderEvent;
import io.shopscale.events.OrderPlaced;
import io.shopscale.events.StockLine;
import io.shopscale.events.StockReservationFailed;
import io.shopscale.events.StockReserved;
import io.shopscale.events.Topics;
import io.shopscale.testsupport.KafkaPeer;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import io.shopscale.testsupport.TestJwtIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * The stock side of the order saga against real PostgreSQL, Redis and Kafka: order events published on
 * {@code orders.events} the way order-service publishes them, answers read from {@code inventory.events}.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ShopScaleInfrastructure({Server.POSTGRES, Server.REDIS, Server.KAFKA})
class InventorySagaIT {

  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final Money PRICE = Money.of("2.50", "USD");

  @Autowired
  MockMvcTester mvc;

  @Autowired
  JdbcClient jdbc;

  @Value("${spring.kafka.bootstrap-servers}")
  String bootstrap;

  private final String admin = "Bearer " + TestJwtIssuer.get().admin("admin-1");
  /** Plays order-service: publishes on orders.events and reads inventory's answers. */
  private KafkaPeer orderService;

  @BeforeEach
  void playOrderService() {
    orderService = new KafkaPeer(bootstrap, "/order-service", Topics.INVENTORY);
  }

  @AfterEach
  void close() {
    orderService.close();
  }

  @Test
  void anOrderWhoseLinesAreAllInStockIsReservedAndAnsweredWithStockReserved() throws Exception {
    // given
    UUID mug = product("SAGA-ALL-1", 5);
    UUID cup = product("SAGA-ALL-2", 3);
    // when
    EventEnvelope placed = publish(order(line(mug, 2), line(cup, 3)));
    // then
    EventEnvelope answer = awaitAnswer(placed.subjectAsUuid());
    assertThat(answer.type()).isEqualTo(StockReserved.TYPE);
    assertThat(answer.source()).isEqualTo("/inventory-service");
    assertThat(answer.correlationid()).isEqualTo(placed.correlationid());
    assertThat(answer.dataAs(StockReserved.class, EventJson.mapper()))
        .isEqualTo(new StockReserved(placed.subjectAsUuid(), List.of(line(mug, 2), line(cup, 3))));
    assertThat(stock(mug)).isEqualTo(3);
    assertThat(stock(cup)).isZero();
    await().atMost(DEADLINE).untilAsserted(() -> assertThat(shownStock(mug)).isEqualTo(3));
    assertThat(reservationStatus(placed)).isEqualTo("RESERVED");
  }

  @Test
  void anOrderWithOneShortLineReservesNoLineAndIsAnsweredWithStockReservationFailed() {
    // given
    UUID mug = product("SAGA-SHORT-1", 5);
    UUID cup = product("SAGA-SHORT-2", 1);
    // when
    EventEnvelope placed = publish(order(line(mug, 2), line(cup, 2)));
    // then
    EventEnvelope answer = awaitAnswer(placed.subjectAsUuid());
    assertThat(answer.type()).isEqualTo(StockReservationFailed.TYPE);
    assertThat(answer.dataAs(StockReservationFailed.class, EventJson.mapper()).unavailableProductIds())
        .containsExactly(cup);
    assertThat(stock(mug)).isEqualTo(5);
    assertThat(stock(cup)).isEqualTo(1);
    assertThat(reservationStatus(placed)).isEqualTo("REJECTED");
  }

  @Test
  void unknownAndDeletedProductsAreUnavailable() {
    // given
    UUID mug = product("SAGA-GONE-1", 5);
    UUID deleted = product("SAGA-GONE-2", 5);
    assertThat(mvc.delete().uri("/api/products/" + deleted).header(HttpHeaders.AUTHORIZATION, admin).exchange())
        .hasStatus(204);
    UUID unknown = UUID.randomUUID();
    // when
    EventEnvelope placed = publish(order(line(mug, 1), line(deleted, 1), line(unknown, 1)));
    // then
    EventEnvelope answer = awaitAnswer(placed.subjectAsUuid());
    assertThat(answer.dataAs(StockReservationFailed.class, EventJson.mapper()).unavailableProductIds())
        .containsExactly(deleted, unknown);
    assertThat(stock(mug)).isEqualTo(5);
  }

  @Test
  void cancellingGivesTheStockBackOnceAndReadsShowItAtOnce() throws Exception {
    // given: a reserved order, and the product's view cached with the reduced stock
    UUID mug = product("SAGA-CANCEL-1", 5);
    EventEnvelope placed = publish(order(line(mug, 4)));
    awaitAnswer(placed.subjectAsUuid());
    await().atMost(DEADLINE).untilAsserted(() -> assertThat(shownStock(mug)).isEqualTo(1));
    // when
    publish(new OrderCancelled(placed.subjectAsUuid(), "CANCELLED_BY_CUSTOMER", true));
    // then: the cache was written through, so reads do not wait for its TTL
    await().atMost(DEADLINE).untilAsserted(() -> assertThat(shownStock(mug)).isEqualTo(5));
    assertThat(stock(mug)).isEqualTo(5);
    assertThat(reservationStatus(placed)).isEqualTo("RELEASED");
    // and when the order is cancelled again (another cancellation path, another event id)
    awaitProcessed(publish(new OrderCancelled(placed.subjectAsUuid(), "PAYMENT_TIMEOUT", true)));
    // then nothing more comes back
    assertThat(stock(mug)).isEqualTo(5);
    assertThat(shownStock(mug)).isEqualTo(5);
  }

  @Test
  void aConfirmedOrderKeepsItsStockUntilItIsCancelled() throws Exception {
    // given
    UUID mug = product("SAGA-CONFIRM-1", 5);
    EventEnvelope placed = publish(order(line(mug, 2)));
    awaitAnswer(placed.subjectAsUuid());
    // when
    awaitProcessed(publish(new OrderConfirmed(placed.subjectAsUuid())));
    // then
    assertThat(reservationStatus(placed)).isEqualTo("COMMITTED");
    assertThat(stock(mug)).isEqualTo(3);
    await().atMost(DEADLINE).untilAsserted(() -> assertThat(shownStock(mug)).isEqualTo(3));
    // when: the customer cancels the confirmed order
    publish(new OrderCancelled(placed.subjectAsUuid(), "CANCELLED_BY_CUSTOMER", true));
    // then
    await().atMost(DEADLINE).untilAsserted(() -> assertThat(shownStock(mug)).isEqualTo(5));
    assertThat(stock(mug)).isEqualTo(5);
    assertThat(reservationStatus(placed)).isEqualTo("RELEASED");
  }

  @Test
  void cancellingAnOrderThatWasOutOfStockChangesNothingWhateverTheEventClaims() {
    // given
    UUID mug = product("SAGA-OOS-1", 1);
    EventEnvelope placed = publish(order(line(mug, 3)));
    assertThat(awaitAnswer(placed.subjectAsUuid()).type())
        .isEqualTo(StockReservationFailed.TYPE);
    // when: stockWasReserved is only what order-service believed; inventory decides by its own reservation
    awaitProcessed(publish(new OrderCancelled(placed.subjectAsUuid(), "OUT_OF_STOCK", true)));
    // then
    assertThat(stock(mug)).isEqualTo(1);
    assertThat(reservationStatus(placed)).isEqualTo("REJECTED");
  }

  @Test
  void anOrderPlacedThatArrivesAfterItsCancellationTakesNoStockAndIsNotAnswered() {
    // given: the order's OrderPlaced was dead-lettered, and the saga timed the order out meanwhile
    UUID mug = product("SAGA-LATE-1", 5);
    OrderPlaced order = order(line(mug, 2));
    awaitProcessed(publish(new OrderCancelled(order.orderId(), "PAYMENT_TIMEOUT", false)));
    // when: the dead letter is replayed (the runbook's mitigation)
    EventEnvelope late = publish(order);
    awaitProcessed(late);
    // then: no stock is taken for an order that no longer exists, and nothing answers it
    assertThat(stock(mug)).isEqualTo(5);
    assertThat(reservationStatus(late)).isEqualTo("CANCELLED");
    assertThat(answersInOutbox(late)).isEmpty();
  }

  @Test
  void theSameOrderPlacedDeliveredTwiceIsReservedOnce() {
    // given
    UUID mug = product("SAGA-TWICE-1", 5);
    EventEnvelope placed = publish(order(line(mug, 2)));
    // when: the relay publishes it again (at least once), or the consumer replays it
    orderService.redeliver(placed);
    // then: the confirmation behind both on the same partition is processed only after them
    awaitProcessed(publish(new OrderConfirmed(placed.subjectAsUuid())));
    assertThat(stock(mug)).isEqualTo(3);
    assertThat(answersInOutbox(placed)).containsExactly(StockReserved.TYPE);
    assertThat(processedCount(placed)).isEqualTo(1);
  }

  @Test
  void anOrderPlacedAgainUnderANewEventIdDoesNotTurnARefusalIntoAReservation() {
    // given: an order refused for lack of stock, and stock that arrives afterwards
    UUID mug = product("SAGA-AGAIN-1", 1);
    OrderPlaced order = order(line(mug, 3));
    EventEnvelope first = publish(order);
    awaitAnswer(order.orderId());
    assertThat(mvc.put().uri("/api/products/" + mug + "/stock").header(HttpHeaders.AUTHORIZATION, admin)
        .contentType(MediaType.APPLICATION_JSON).content("{\"availableQuantity\":10}").exchange()).hasStatusOk();
    // when: the same order is placed again as a new event
    EventEnvelope again = publish(order);
    awaitProcessed(again);
    // then
    assertThat(again.id()).isNotEqualTo(first.id());
    assertThat(stock(mug)).isEqualTo(10);
    assertThat(answersInOutbox(first)).containsExactly(StockReservationFailed.TYPE);
    assertThat(reservationStatus(first)).isEqualTo("REJECTED");
  }

  @Test
  void concurrentOrdersFromSeveralProducersNeverOversellAndEachGetsExactlyOneAnswer() throws Exception {
    // given: 5 products with less stock than 200 orders ask for
    Map<UUID, Integer> initial = new LinkedHashMap<>();
    int[] stocks = {60, 45, 30, 20, 10};
    for (int i = 0; i < stocks.length; i++) {
      initial.put(product("SAGA-RUSH-" + i, stocks[i]), stocks[i]);
    }
    List<UUID> products = List.copyOf(initial.keySet());
    var random = new Random(20_240_601);
    List<OrderPlaced> orders = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      List<StockLine> lines = new ArrayList<>();
      for (int n = 1 + random.nextInt(3); n > 0; n--) {
        // a product may come up twice in one order: its quantities count together
        lines.add(line(products.get(random.nextInt(products.size())), 1 + random.nextInt(3)));
      }
      orders.add(order(lines.toArray(StockLine[]::new)));
    }
    // when: four producers publish 50 orders each at the same time
    publishConcurrently(orders, 4);
    // then: every order is answered
    List<UUID> orderIds = orders.stream().map(OrderPlaced::orderId).toList();
    orderService.awaitSeenAll(orderIds.stream().map(UUID::toString).toList(), Duration.ofSeconds(90));
    Map<UUID, Integer> reserved = new HashMap<>();
    int reservedOrders = 0;
    for (UUID orderId : orderIds) {
      List<EventEnvelope> answers = orderService.seen(orderId.toString());
      assertThat(answers).as("answers to " + orderId).hasSize(1);
      assertThat(answersInOutbox(answers.get(0))).as("outbox rows of " + orderId).hasSize(1);
      if (answers.get(0).type().equals(StockReserved.TYPE)) {
        reservedOrders++;
        answers.get(0).dataAs(StockReserved.class, EventJson.mapper()).lines()
            .forEach(line -> reserved.merge(line.productId(), line.quantity(), Integer::sum));
      }
      else {
        assertThat(answers.get(0).type()).isEqualTo(StockReservationFailed.TYPE);
      }
    }
    assertThat(reservedOrders).as("orders reserved").isBetween(1, orders.size() - 1);
    // and stock went down by exactly what was reserved, never below zero, in the database and in reads
    for (UUID product : products) {
      int expected = initial.get(product) - reserved.getOrDefault(product, 0);
      assertThat(expected).as("stock of " + product).isNotNegative();
      assertThat(stock(product)).as("stock of " + product).isEqualTo(expected);
      await().atMost(DEADLINE).untilAsserted(() -> assertThat(shownStock(product)).isEqualTo(expected));
    }
    assertThat(jdbc.sql("SELECT count(*) FROM reservations WHERE order_id IN (:ids)").param("ids", orderIds)
        .query(Integer.class).single()).isEqualTo(orders.size());
  }

  private void publishConcurrently(List<OrderPlaced> orders, int producers) throws Exception {
    var start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(producers);
    try {
      List<Future<Integer>> sent = new ArrayList<>();
      int share = orders.size() / producers;
      for (int p = 0; p < producers; p++) {
        List<OrderPlaced> mine = orders.subList(p * share, p == producers - 1 ? orders.size() : (p + 1) * share);
        Callable<Integer> producer = () -> {
          try (var peer = new KafkaPeer(bootstrap, "/order-service")) {
            start.await();
            mine.forEach(peer::publish);
            return mine.size();
          }
        };
        sent.add(pool.submit(producer));
      }
      start.countDown();
      int total = 0;
      for (Future<Integer> count : sent) {
        total += count.get(60, TimeUnit.SECONDS);
      }
      assertThat(total).isEqualTo(orders.size());
    }
    finally {
      pool.shutdownNow();
    }
  }

  private static OrderPlaced order(StockLine... lines) {
    List<OrderPlaced.Line> orderLines = new ArrayList<>();
    Money total = Money.of("0", PRICE.currency());
    for (StockLine line : lines) {
      orderLines.add(new OrderPlaced.Line(line.productId(), line.quantity(), PRICE));
      total = total.plus(PRICE.times(line.quantity()));
    }
    return new OrderPlaced(UUID.randomUUID(), UUID.randomUUID(), orderLines, total, "tok_visa");
  }

  private static StockLine line(UUID product, int quantity) {
    return new StockLine(product, quantity);
  }

  private EventEnvelope publish(OrderEvent event) {
    return orderService.publish(event);
  }

  /** The one answer to the order, once it arrived. */
  private EventEnvelope awaitAnswer(UUID orderId) {
    return orderService.awaitSeen(orderId.toString(), 1, DEADLINE).get(0);
  }

  private void awaitProcessed(EventEnvelope envelope) {
    await().atMost(DEADLINE).until(() -> processedCount(envelope) == 1);
  }

  private int processedCount(EventEnvelope envelope) {
    return jdbc.sql("SELECT count(*) FROM processed_events WHERE consumer = ? AND event_id = ?")
        .params(OrderEventsListener.CONSUMER, envelope.id()).query(Integer.class).single();
  }

  /** The types of the events inventory appended for the envelope's order, oldest first. */
  private List<String> answersInOutbox(EventEnvelope envelope) {
    return jdbc.sql("SELECT type FROM outbox_events WHERE aggregate_id = ? ORDER BY seq").param(envelope.subject())
        .query(String.class).list();
  }

  private String reservationStatus(EventEnvelope placed) {
    return jdbc.sql("SELECT status FROM reservations WHERE order_id = ?").param(placed.subjectAsUuid())
        .query(String.class).single();
  }

  private UUID product(String sku, int stock) {
    MvcTestResult created = mvc.post().uri("/api/products").header(HttpHeaders.AUTHORIZATION, admin)
        .contentType(MediaType.APPLICATION_JSON).content("""
            {"sku":"%s","name":"%s","description":"","price":{"amount":"2.50","currency":"USD"},
             "availableQuantity":%d}""".formatted(sku, sku, stock))
        .exchange();
    assertThat(created).hasStatus(201);
    try {
      return UUID.fromString(JsonPath.read(created.getResponse().getContentAsString(), "$.id"));
    }
    catch (java.io.UnsupportedEncodingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private int stock(UUID product) {
    return jdbc.sql("SELECT available_quantity FROM products WHERE id = ?").param(product).query(Integer.class)
        .single();
  }

  /** What GET /api/products/{id} shows: served from the cache once it holds the product. */
  private int shownStock(UUID product) throws Exception {
    MvcTestResult read = mvc.get().uri("/api/products/" + product).exchange();
    assertThat(read).hasStatusOk();
    return JsonPath.read(read.getResponse().getContentAsString(), "$.availableQuantity");
  }
}
