package io.shopscale.inventory.product;

import io.shopscale.events.EventEnvelope;
import io.shopscale.events.EventJson;
import io.shopscale.events.ProductChanged;
import io.shopscale.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;

/**
 * Every instance hears every {@code ProductChanged}, so each drops its own near-cache copy of a product written
 * through another instance.
 *
 * <p>A consumer group of its own per instance (a random id at each start) with {@code auto.offset.reset=latest}: a
 * shared group would hand each event to one instance only, and a new instance has nothing in its near cache that
 * events from before its start could invalidate. Kafka rather than Redis pub/sub because the event comes from the
 * outbox, so it exists exactly when the write committed, and a consumer that was briefly disconnected reads on from
 * its position instead of losing what was published meanwhile. What it cannot cover: an instance that fills its near
 * cache before its partitions are assigned and misses an event in between, or a record it cannot read; the near
 * cache's TTL ({@code shopscale.cache.caches.product.near.ttl}) bounds both. Each restart leaves an empty group behind,
 * which the broker forgets after {@code offsets.retention.minutes} (7 days by default).
 *
 * <p>One consumer per instance: an invalidation is a map removal, and every consumer costs the broker heartbeats and
 * fetches for as long as the instance runs (issue #13's idle budget).
 *
 * <p>Not the idempotent consumer ({@code InboundEvents}): dropping a copy twice does no harm, and a processed-event
 * row per instance per event would be pure cost.
 */
@Component
class ProductChangesListener {

  static final String ID = "product-near-cache";

  private static final Logger log = LoggerFactory.getLogger(ProductChangesListener.class);

  private final ProductService products;

  ProductChangesListener(ProductService products) {
    this.products = products;
  }

  @KafkaListener(id = ID, topics = Topics.INVENTORY, groupId = "${spring.application.name}-near-cache-${random.uuid}", concurrency = "1", properties = "auto.offset.reset=latest")
  void on(String record) {
    try {
      EventEnvelope envelope = EventJson.read(record);
      if (ProductChanged.TYPE.equals(envelope.type())) {
        ProductChanged changed = envelope.dataAs(ProductChanged.class, EventJson.mapper());
        products.changedElsewhere(changed.productId(), changed.version());
      }
    }
    catch (JacksonException | IllegalArgumentException ex) {
      // Not an invalidation this instance can act on; the sagas that own the topic's events dead-letter such records
      // once. Every instance sending it to the dead-letter topic again would multiply it; the near TTL bounds the miss.
      log.warn("Skipping an unreadable record on {} for the near cache: {}", Topics.INVENTORY, ex.toString());
    }
  }
}
