package io.shopscale.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.shopscale.embedded.KafkaProcess;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Against a broker that creates no topic by itself (as most managed Kafka services are set up), a service can publish
 * only to topics someone created: the platform declares the topics the service owns, and their dead-letter topics.
 */
class TopicsIT {

  static KafkaProcess broker;

  final ApplicationContextRunner service = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, TopicsAutoConfiguration.class))
      .withPropertyValues("spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
          // an unknown topic fails the send within seconds instead of the client's default minute
          "spring.kafka.producer.properties.max.block.ms=3000");

  @BeforeAll
  static void brokerWithoutAutoCreation() {
    broker = KafkaProcess.start(0, 0, Map.of("auto.create.topics.enable", "false"));
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void aServicePublishesToTheTopicItOwnsOnABrokerThatCreatesNoTopics() {
    service.withPropertyValues("shopscale.kafka.topics.owned=owned-it.events", "shopscale.kafka.topics.partitions=4",
        "shopscale.kafka.topics.replication-factor=1").run(context -> {
          // given: the service started against the empty broker
          KafkaTemplate<Object, Object> kafka = template(context.getBean(KafkaTemplate.class));
          // when
          var sent = kafka.send("owned-it.events", "key", "value").get(10, TimeUnit.SECONDS);
          // then
          assertThat(sent.getRecordMetadata().topic()).isEqualTo("owned-it.events");
          Map<String, TopicDescription> topics = context.getBean(KafkaAdmin.class)
              .describeTopics("owned-it.events", "owned-it.events.DLT");
          assertThat(topics.values()).allSatisfy(topic -> {
            assertThat(topic.partitions()).hasSize(4);
            assertThat(topic.partitions().getFirst().replicas()).hasSize(1);
          });
        });
  }

  @Test
  void aTopicNoServiceDeclaresCannotBePublishedTo() {
    service.run(context -> {
      // given: a service that owns no topic
      KafkaTemplate<Object, Object> kafka = template(context.getBean(KafkaTemplate.class));
      // when / then: the broker does not create it on demand
      assertThatThrownBy(() -> kafka.send("undeclared-it.events", "key", "value").get(10, TimeUnit.SECONDS))
          .hasStackTraceContaining("not present in metadata");
    });
  }

  @SuppressWarnings("unchecked")
  private static KafkaTemplate<Object, Object> template(KafkaTemplate<?, ?> template) {
    return (KafkaTemplate<Object, Object>) template;
  }
}
