package io.shopscale.platform.messaging;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Kafka topics a service owns (publishes its events to), declared at start-up with their {@code .DLT} so that a
 * broker that creates no topic by itself ({@code auto.create.topics.enable=false}, usual on managed Kafka) works, and
 * so that the topic layout is the service's choice rather than the broker's defaults.
 *
 * @param owned the topics this service publishes to; each also gets {@code <topic>.DLT}, where its consumers
 *     dead-letter records they cannot handle
 * @param partitions partitions of a topic created here; consumers run one listener thread per partition
 *     ({@code spring.kafka.listener.concurrency}). An existing topic with fewer partitions is grown to this many;
 *     partitions are never removed
 * @param replicationFactor replicas of a topic created here; {@code -1} leaves it to the broker's
 *     {@code default.replication.factor}. Production clusters: 3 (with the broker's {@code min.insync.replicas=2}
 *     and the producers' {@code acks=all})
 */
@ConfigurationProperties("shopscale.kafka.topics")
public record TopicSettings(
    @DefaultValue List<String> owned,
    @DefaultValue("3") int partitions,
    @DefaultValue("-1") short replicationFactor) {

  static final String DEAD_LETTER_SUFFIX = ".DLT";
}
