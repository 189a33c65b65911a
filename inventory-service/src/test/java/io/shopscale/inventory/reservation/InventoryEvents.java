package io.shopscale.inventory.reservation;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.shopscale.events.EventEnvelope;
import io.shopscale.events.EventJson;
import io.shopscale.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code inventory.events} as order-service would: every answer per order, duplicates of one event (the relay
 * publishes at least once) counted once.
 */
final class InventoryEvents implements AutoCloseable {

  private final KafkaConsumer<String, String> consumer;
  private final Map<UUID, Map<String, EventEnvelope>> byOrder = new ConcurrentHashMap<>();

  InventoryEvents(String bootstrapServers) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "inventory-saga-it-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    consumer.subscribe(List.of(Topics.INVENTORY));
  }

  /** The one answer to the order, once it arrived. */
  EventEnvelope awaitAnswer(UUID orderId, Duration deadline) {
    awaitAnswers(List.of(orderId), deadline);
    return answersTo(orderId).get(0);
  }

  void awaitAnswers(Collection<UUID> orderIds, Duration deadline) {
    await().atMost(deadline).pollInSameThread().pollInterval(Duration.ZERO).until(() -> {
      poll();
      return orderIds.stream().allMatch(byOrder::containsKey);
    });
  }

  /** The distinct events seen so far for the order. */
  List<EventEnvelope> answersTo(UUID orderId) {
    return List.copyOf(byOrder.getOrDefault(orderId, Map.of()).values());
  }

  private void poll() {
    consumer.poll(Duration.ofMillis(100)).forEach(record -> {
      EventEnvelope envelope = EventJson.read(record.value());
      byOrder.computeIfAbsent(envelope.subjectAsUuid(), id -> new ConcurrentHashMap<>())
          .putIfAbsent(envelope.id(), envelope);
    });
  }

  @Override
  public void close() {
    consumer.close();
  }
}
