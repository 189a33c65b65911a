package io.shopscale.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import io.shopscale.events.OrderCancelled;
import io.shopscale.events.OrderConfirmed;
import io.shopscale.events.OrderPlaced;
import io.shopscale.events.PaymentAuthorized;
import io.shopscale.events.PaymentRefunded;
import io.shopscale.systemtests.OrderLoad.Placed;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;

/**
 * What an order-saga run must add up to once every order has settled, checked against the API, the three databases
 * and the broker: nothing lost (every accepted order is a row, reserved or rejected once by inventory), nothing done
 * twice (one placement and one outcome event per order, at most one authorization), no stock leaked (each product's
 * stock is its initial stock minus exactly what confirmed orders bought) and nothing dead-lettered.
 */
final class SagaAudit {

  private final RunningSystem system;
  private final Databases databases;

  SagaAudit(RunningSystem system) {
    this.system = system;
    this.databases = new Databases(system);
  }

  /** Final status ({@code CONFIRMED} or {@code CANCELLED/<reason>}) per order, as the customers' order lists show. */
  record Outcomes(Map<UUID, String> byOrder) {

    Map<String, Long> counts() {
      return new TreeMap<>(byOrder.values().stream().collect(Collectors.groupingBy(status -> status,
          Collectors.counting())));
    }

    boolean confirmed(UUID orderId) {
      return "CONFIRMED".equals(byOrder.get(orderId));
    }
  }

  /** Polls each customer's order list (one request per customer per round) until no placed order is PENDING. */
  Outcomes awaitAllSettled(Collection<Placed> placed, Duration within) {
    Map<Customer, List<Placed>> byCustomer = placed.stream()
        .collect(Collectors.groupingBy(order -> order.spec().customer()));
    return await("all " + placed.size() + " orders settle").atMost(within).pollInterval(Duration.ofSeconds(1))
        .until(() -> {
          Map<UUID, String> statuses = new HashMap<>();
          for (Customer customer : byCustomer.keySet()) {
            for (JsonNode order : customer.orders()) {
              String status = order.get("status").asString();
              statuses.put(UUID.fromString(order.get("id").asString()), "CANCELLED".equals(status)
                  ? status + "/" + order.get("failureReason").asString()
                  : status);
            }
          }
          return new Outcomes(statuses);
        }, outcomes -> placed.stream().allMatch(order -> {
          String status = outcomes.byOrder().get(order.orderId());
          return status != null && !"PENDING".equals(status);
        }));
  }

  /**
   * Asserts the accounting (waiting up to 30 s for the last downstream commits: a reservation moving to COMMITTED,
   * a refund completing).
   */
  void assertExactAccounting(List<Placed> placed, Outcomes outcomes, Map<UUID, Integer> initialStock) {
    await("the saga's books balance").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> checkAccounting(placed, outcomes, initialStock));
  }

  private void checkAccounting(List<Placed> placed, Outcomes outcomes, Map<UUID, Integer> initialStock) {
    UUID[] ids = placed.stream().map(Placed::orderId).toArray(UUID[]::new);
    String[] idTexts = placed.stream().map(order -> order.orderId().toString()).toArray(String[]::new);
    UUID[] customers = placed.stream().map(order -> order.spec().customer().id).distinct().toArray(UUID[]::new);
    int n = placed.size();

    // orders: every accepted order is one row, none extra (a retried placement never made a second), none pending
    assertThat(databases.count("orders", "select count(*) from orders where user_id = any(?)", (Object) customers))
        .as("orders rows of these customers").isEqualTo(n);
    Map<UUID, String> stored = new HashMap<>();
    databases.query("orders", "select id, status, failure_reason from orders where id = any(?)",
        row -> stored.put(row.getObject(1, UUID.class), row.getString(3) == null
            ? row.getString(2)
            : row.getString(2) + "/" + row.getString(3)),
        (Object) ids);
    Map<UUID, String> shown = new HashMap<>();
    placed.forEach(order -> shown.put(order.orderId(), outcomes.byOrder().get(order.orderId())));
    assertThat(stored).as("order rows (status/reason) against the API").isEqualTo(shown);

    // order events: one OrderPlaced and one outcome (OrderConfirmed or OrderCancelled) per order
    Map<String, Map<String, Long>> orderEvents = eventsPerOrder("orders", idTexts);
    for (String id : idTexts) {
      Map<String, Long> events = orderEvents.getOrDefault(id, Map.of());
      assertThat(events.getOrDefault(OrderPlaced.TYPE, 0L)).as("OrderPlaced events of " + id).isEqualTo(1);
      assertThat(events.getOrDefault(OrderConfirmed.TYPE, 0L) + events.getOrDefault(OrderCancelled.TYPE, 0L))
          .as("outcome events of " + id).isEqualTo(1);
    }

    // inventory: exactly one reservation per order, in the state its order's outcome demands
    Map<UUID, String> reservations = new HashMap<>();
    databases.query("inventory", "select order_id, status from reservations where order_id = any(?)",
        row -> reservations.put(row.getObject(1, UUID.class), row.getString(2)), (Object) ids);
    assertThat(reservations).as("reservations").hasSize(n);
    for (Placed order : placed) {
      assertThat(reservations.get(order.orderId())).as("reservation of " + outcomes.byOrder().get(order.orderId())
          + " order " + order.orderId()).isIn(outcomes.confirmed(order.orderId())
              ? Set.of("COMMITTED")
              : Set.of("RELEASED", "REJECTED"));
    }

    // stock: initial minus exactly what the confirmed orders bought, per product, in the API and in inventory's rows
    Map<UUID, Integer> bought = new HashMap<>();
    placed.stream().filter(order -> outcomes.confirmed(order.orderId())).forEach(order -> order.spec().quantities()
        .forEach((product, quantity) -> bought.merge(product, quantity, Integer::sum)));
    Map<UUID, Integer> expectedStock = new HashMap<>();
    initialStock.forEach((product, initial) -> expectedStock.put(product, initial - bought.getOrDefault(product, 0)));
    Map<UUID, Integer> actualStock = new HashMap<>();
    databases.query("inventory", "select id, available_quantity from products where id = any(?)",
        row -> actualStock.put(row.getObject(1, UUID.class), row.getInt(2)),
        (Object) initialStock.keySet().toArray(UUID[]::new));
    assertThat(actualStock).as("stock per product = initial - confirmed quantities").isEqualTo(expectedStock);
    Map<UUID, Integer> committed = new HashMap<>();
    databases.query("inventory", "select l.product_id, sum(l.quantity) from reservation_lines l join reservations r "
        + "on r.order_id = l.order_id where r.status = 'COMMITTED' and r.order_id = any(?) group by l.product_id",
        row -> committed.put(row.getObject(1, UUID.class), row.getInt(2)), (Object) ids);
    assertThat(committed).as("committed reservation lines per product").isEqualTo(bought);

    // payments: one authorized payment per confirmed order; a cancelled order keeps no money (never AUTHORIZED or in
    // flight at the end); a declined card is DECLINED
    Map<UUID, String> payments = new HashMap<>();
    databases.query("payments", "select order_id, state from payments where order_id = any(?)",
        row -> payments.put(row.getObject(1, UUID.class), row.getString(2)), (Object) ids);
    Map<String, Map<String, Long>> paymentEvents = eventsPerOrder("payments", idTexts);
    for (Placed order : placed) {
      String outcome = outcomes.byOrder().get(order.orderId());
      String payment = payments.get(order.orderId());
      Map<String, Long> events = paymentEvents.getOrDefault(order.orderId().toString(), Map.of());
      String what = "payment of " + outcome + " order " + order.orderId();
      assertThat(events.getOrDefault(PaymentAuthorized.TYPE, 0L)).as("PaymentAuthorized events, " + what)
          .isLessThanOrEqualTo(1);
      assertThat(events.getOrDefault(PaymentRefunded.TYPE, 0L)).as("PaymentRefunded events, " + what)
          .isLessThanOrEqualTo(1);
      if (outcomes.confirmed(order.orderId())) {
        assertThat(payment).as(what).isEqualTo("AUTHORIZED");
        assertThat(events.getOrDefault(PaymentRefunded.TYPE, 0L)).as("PaymentRefunded events, " + what).isZero();
      }
      else {
        assertThat(payment).as(what).isNotIn("AUTHORIZED", "CHARGING", "REFUNDING");
        if ("CANCELLED/PAYMENT_DECLINED".equals(outcome)) {
          assertThat(payment).as(what).isEqualTo("DECLINED");
        }
      }
    }

    assertThat(deadLetters()).as("records on dead-letter topics").isEmpty();
  }

  /** Outbox events of the given aggregates in one service's database: aggregate id → event type → count. */
  private Map<String, Map<String, Long>> eventsPerOrder(String database, String[] aggregateIds) {
    Map<String, Map<String, Long>> events = new HashMap<>();
    databases.query(database, "select aggregate_id, type, count(*) from outbox_events where aggregate_id = any(?) "
        + "group by aggregate_id, type",
        row -> events.computeIfAbsent(row.getString(1), id -> new HashMap<>())
            .put(row.getString(2), row.getLong(3)),
        (Object) aggregateIds);
    return events;
  }

  /** Dead-letter topic → how many records it holds (only topics that hold any). */
  Map<String, Long> deadLetters() {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafkaBootstrapServers());
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer.listTopics(Duration.ofSeconds(10)).forEach((topic, infos) -> {
        if (topic.endsWith(".DLT")) {
          infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
      });
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
      Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, Duration.ofSeconds(10));
      Map<String, Long> records = new TreeMap<>();
      partitions.forEach(partition -> records.merge(partition.topic(), ends.get(partition) - starts.get(partition),
          Long::sum));
      records.values().removeIf(count -> count == 0);
      return records;
    }
  }
}
