package io.shopscale.testsupport;

import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import io.shopscale.events.EventEnvelope;
import io.shopscale.events.EventJson;
import io.shopscale.events.EventTypes;
import io.shopscale.events.IntegrationEvent;
import io.shopscale.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A test playing the other services of the saga on a real broker: it publishes events the way a peer's outbox relay
 * does (a CloudEvents envelope on the event's topic, keyed by its subject) and reads what the service under test
 * published, from the beginning of the topics, each envelope once however often it was delivered.
 */
public final class KafkaPeer implements AutoCloseable {

  private final String source;
  private final KafkaProducer<String, String> producer;
  private final KafkaConsumer<String, String> consumer;
  private final Map<String, Map<String, EventEnvelope>> seenBySubject = new HashMap<>();

  /**
   * @param source the CloudEvents source of what this peer publishes, e.g. {@code "/inventory-service"}
   * @param topicsToRead the topics whose events {@link #seen} reports
   */
  public KafkaPeer(String bootstrapServers, String source, String... topicsToRead) {
    this.source = source;
    Properties producerProps = new Properties();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer());
    Properties consumerProps = new Properties();
    consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "kafka-peer-" + UUID.randomUUID());
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer());
    consumer.subscribe(List.of(topicsToRead));
  }

  /** Publishes a new envelope of {@code event} and waits for the broker's acknowledgement. */
  public EventEnvelope publish(IntegrationEvent event) {
    EventEnvelope envelope = EventEnvelope.of(event, source, "peer-" + UUID.randomUUID(), Clock.systemUTC(),
        EventJson.mapper());
    redeliver(envelope);
    return envelope;
  }

  /** Sends an envelope again, unchanged: what at-least-once delivery does after a relay or consumer crash. */
  public void redeliver(EventEnvelope envelope) {
    String topic = Topics.topicOf(envelope.dataAs(EventTypes.find(envelope.type()).orElseThrow(), EventJson.mapper()));
    send(topic, envelope.subject(), EventJson.write(envelope));
  }

  /** Sends any value, e.g. a poison record. */
  public void send(String topic, String key, String value) {
    try {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
    catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    catch (ExecutionException e) {
      throw new IllegalStateException("The broker refused the record", e);
    }
  }

  /** The distinct envelopes read so far with this subject, in arrival order; polls the topics once. */
  public synchronized List<EventEnvelope> seen(String subject) {
    poll();
    return List.copyOf(seenBySubject.getOrDefault(subject, Map.of()).values());
  }

  /** Waits until at least one envelope of every subject has been read. */
  public void awaitSeenAll(Collection<String> subjects, Duration deadline) {
    await().atMost(deadline).until(() -> {
      synchronized (this) {
        poll();
        return seenBySubject.keySet().containsAll(subjects);
      }
    });
  }

  private void poll() {
    consumer.poll(Duration.ofMillis(100)).forEach(record -> {
      EventEnvelope envelope = EventJson.read(record.value());
      seenBySubject.computeIfAbsent(envelope.subject(), key -> new LinkedHashMap<>())
          .putIfAbsent(envelope.id(), envelope);
    });
  }

  /** The events of one type (or of any subtype, e.g. {@code IntegrationEvent}) read so far with this subject. */
  public <T extends IntegrationEvent> List<T> seen(String subject, Class<T> type) {
    List<T> events = new ArrayList<>();
    for (EventEnvelope envelope : seen(subject)) {
      var known = EventTypes.find(envelope.type());
      if (known.isPresent() && type.isAssignableFrom(known.get())) {
        events.add(type.cast(envelope.dataAs(known.get(), EventJson.mapper())));
      }
    }
    return events;
  }

  /** Waits until at least {@code count} envelopes with this subject have been read. */
  public List<EventEnvelope> awaitSeen(String subject, int count, Duration deadline) {
    return await().atMost(deadline).until(() -> seen(subject), envelopes -> envelopes.size() >= count);
  }

  /** Waits for the first event of this type with this subject. */
  public <T extends IntegrationEvent> T awaitFirst(String subject, Class<T> type, Duration deadline) {
    return await().atMost(deadline).until(() -> seen(subject, type), events -> !events.isEmpty()).get(0);
  }

  @Override
  public synchronized void close() {
    producer.close();
    consumer.close();
  }
}
