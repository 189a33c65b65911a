package io.shopscale.platform.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the idempotent consumer remembers an event. A record can be delivered again only while it is on its
 * topic, or later by a replay (a dead letter, a topic restored from a backup) within the replay horizon; its
 * processed-event row is kept for both together and then deleted.
 *
 * @param topicRetention the longest retention of the topics the service consumes (Kafka's default: 7 days)
 * @param replayHorizon how long after that a record may still be replayed (the dead-letter topics' retention)
 * @param purgeEvery how often the rows past both are deleted
 * @param purgeBatch rows deleted per statement (each its own short transaction)
 */
@ConfigurationProperties("shopscale.processed-events")
public record ProcessedEventsSettings(
    @DefaultValue("7d") Duration topicRetention,
    @DefaultValue("7d") Duration replayHorizon,
    @DefaultValue("10m") Duration purgeEvery,
    @DefaultValue("1000") int purgeBatch) {

  public ProcessedEventsSettings {
    if (purgeBatch < 1) {
      throw new IllegalArgumentException("shopscale.processed-events.purge-batch must be at least 1");
    }
  }

  /** Rows older than this are no longer needed to recognise a redelivery. */
  Duration kept() {
    return topicRetention.plus(replayHorizon);
  }
}
