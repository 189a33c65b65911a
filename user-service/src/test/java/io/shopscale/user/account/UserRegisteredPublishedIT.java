package io.shopscale.user.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.shopscale.events.EventEnvelope;
import io.shopscale.events.EventJson;
import io.shopscale.events.Topics;
import io.shopscale.events.UserRegistered;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import io.shopscale.user.TestSigningKey;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** A registration reaches Kafka as UserRegistered through the outbox, keyed by the user id. */
@SpringBootTest
@AutoConfigureMockMvc
@ShopScaleInfrastructure({Server.POSTGRES, Server.REDIS, Server.KAFKA})
@ContextConfiguration(initializers = TestSigningKey.class)
class UserRegisteredPublishedIT {

  @Autowired
  MockMvcTester mvc;

  @Value("${spring.kafka.bootstrap-servers}")
  String bootstrap;

  @Test
  void registeringAUserPublishesUserRegisteredKeyedByItsId() throws Exception {
    // when
    var created = mvc.post().uri("/api/users").contentType(MediaType.APPLICATION_JSON)
        .content("{\"email\":\"Kafka@Example.com\",\"password\":\"correct horse battery\",\"name\":\"Franz\"}")
        .exchange();
    assertThat(created).hasStatus(201);
    String id = JsonPath.read(created.getResponse().getContentAsString(), "$.id");
    // then
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "user-registered-it-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<EventEnvelope> seen = new ArrayList<>();
    try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(Topics.USERS));
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> {
          if (record.key().equals(id)) {
            seen.add(EventJson.read(record.value()));
          }
        });
        assertThat(seen).isNotEmpty();
      });
    }
    EventEnvelope envelope = seen.get(0);
    assertThat(envelope.type()).isEqualTo(UserRegistered.TYPE);
    assertThat(envelope.source()).isEqualTo("/user-service");
    assertThat(envelope.dataAs(UserRegistered.class, EventJson.mapper()))
        .isEqualTo(new UserRegistered(UUID.fromString(id), "kafka@example.com", "Franz"));
  }
}
