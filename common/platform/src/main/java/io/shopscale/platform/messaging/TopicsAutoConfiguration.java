package io.shopscale.platform.messaging;

import java.util.Optional;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Declares the topics a service owns ({@link TopicSettings}) and their dead-letter topics. Boot's {@link KafkaAdmin}
 * creates the missing ones when the context starts and grows existing ones to the configured partition count; with
 * {@code spring.kafka.admin.fail-fast=false} (the default) a broker that is down at start-up is logged, not fatal.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaAdmin.class)
@EnableConfigurationProperties(TopicSettings.class)
public class TopicsAutoConfiguration {

  @Bean
  @ConditionalOnBean(KafkaAdmin.class)
  KafkaAdmin.NewTopics ownedTopics(TopicSettings settings) {
    Optional<Integer> partitions = Optional.of(settings.partitions());
    Optional<Short> replicas = settings.replicationFactor() > 0
        ? Optional.of(settings.replicationFactor())
        : Optional.empty();
    return new KafkaAdmin.NewTopics(settings.owned().stream()
        .flatMap(topic -> Stream.of(topic, topic + TopicSettings.DEAD_LETTER_SUFFIX))
        .map(topic -> new NewTopic(topic, partitions, replicas))
        .toArray(NewTopic[]::new));
  }
}
