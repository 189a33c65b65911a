package io.shopscale.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class EventEnvelopeTest {

  private static final JsonMapper JSON = EventJson.mapper();
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:15:30Z"), ZoneOffset.UTC);
  private static final OrderPlaced ORDER_PLACED = (OrderPlaced) SampleEvents.of(OrderPlaced.class);

  @Test
  void writesCloudEventsAttributesWithIsoUtcTime() {
    // given
    EventEnvelope envelope = EventEnvelope.of(ORDER_PLACED, "/order-service", "corr-1", CLOCK, JSON);

    // when
    JsonNode json = JSON.readTree(EventJson.write(envelope));

    // then
    assertThat(json.get("specversion").stringValue()).isEqualTo("1.0");
    assertThat(UUID.fromString(json.get("id").stringValue())).isNotNull();
    assertThat(json.get("source").stringValue()).isEqualTo("/order-service");
    assertThat(json.get("type").stringValue()).isEqualTo("io.shopscale.order.OrderPlaced.v1");
    assertThat(json.get("subject").stringValue()).isEqualTo(ORDER_PLACED.orderId().toString());
    assertThat(json.get("time").stringValue()).isEqualTo("2026-03-01T10:15:30Z");
    assertThat(json.get("datacontenttype").stringValue()).isEqualTo("application/json");
    assertThat(json.get("correlationid").stringValue()).isEqualTo("corr-1");
    assertThat(json.get("data").get("total").get("amount").stringValue()).isEqualTo("119.79");
  }

  @Test
  void roundTripsThroughJson() {
    // given
    EventEnvelope sent = EventEnvelope.of(ORDER_PLACED, "/order-service", "corr-1", CLOCK, JSON);

    // when
    EventEnvelope received = EventJson.read(EventJson.write(sent));

    // then
    assertThat(received).usingRecursiveComparison().ignoringFields("data").isEqualTo(sent);
    assertThat(received.dataAs(OrderPlaced.class, JSON)).isEqualTo(ORDER_PLACED);
    assertThat(received.subjectAsUuid()).isEqualTo(ORDER_PLACED.orderId());
  }

  @Test
  void eachNewEnvelopeHasItsOwnId() {
    // given / when
    EventEnvelope first = EventEnvelope.of(ORDER_PLACED, "/order-service", "corr-1", CLOCK, JSON);
    EventEnvelope second = EventEnvelope.of(ORDER_PLACED, "/order-service", "corr-1", CLOCK, JSON);

    // then
    assertThat(first.id()).isNotEqualTo(second.id());
  }

  @Test
  void dataAsRejectsAClassOtherThanTheEnvelopeType() {
    // given
    EventEnvelope declined = EventEnvelope.of(
        SampleEvents.of(PaymentDeclined.class), "/payment-service", "corr-1", CLOCK, JSON);

    // when / then
    assertThatThrownBy(() -> declined.dataAs(PaymentFailed.class, JSON))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(PaymentDeclined.TYPE);
  }

  @Test
  void readingRejectsAnEnvelopeWithoutCorrelationId() {
    // given
    ObjectNode json = JSON.valueToTree(EventEnvelope.of(ORDER_PLACED, "/order-service", "corr-1", CLOCK, JSON));
    json.remove("correlationid");

    // when / then
    assertThatThrownBy(() -> EventJson.read(JSON.writeValueAsString(json)))
        .isInstanceOf(JacksonException.class)
        .hasMessageContaining("correlationid");
  }

  @Test
  void schemaRejectsAMalformedEnvelope() {
    // given
    ObjectNode json = JSON.valueToTree(EventEnvelope.of(ORDER_PLACED, "/order-service", "corr-1", CLOCK, JSON));
    json.put("id", "not-a-uuid");
    json.put("time", "2026-03-01 10:15:30");

    // when
    var violations = ContractSchemas.violations("EventEnvelope", JSON.writeValueAsString(json));

    // then
    assertThat(violations).hasSizeGreaterThanOrEqualTo(2);
  }
}
