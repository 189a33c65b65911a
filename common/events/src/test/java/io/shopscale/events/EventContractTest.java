package io.shopscale.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The published contract of every registered event type: its schema, and a hand-written golden payload that must
 * stay readable for as long as the type exists.
 */
class EventContractTest {

  private static final JsonMapper JSON = EventJson.mapper();
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:15:30Z"), ZoneOffset.UTC);

  static Stream<String> eventTypes() {
    return EventTypes.all().keySet().stream().sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eventTypes")
  void sampleInAnEnvelopeConformsToTheEnvelopeAndDataSchemas(String type) {
    // given
    Class<? extends IntegrationEvent> recordClass = recordClass(type);
    IntegrationEvent sample = SampleEvents.of(recordClass);

    // when
    EventEnvelope envelope = EventEnvelope.of(sample, "/contract-test", "corr-1", CLOCK, JSON);
    String wire = EventJson.write(envelope);

    // then
    assertThat(ContractSchemas.violations("EventEnvelope", wire)).isEmpty();
    assertThat(ContractSchemas.violations(schemaName(recordClass), JSON.writeValueAsString(envelope.data())))
        .isEmpty();
    assertThat(EventJson.read(wire).dataAs(recordClass, JSON)).isEqualTo(sample);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eventTypes")
  void schemaRejectsDataMissingAnyFieldOfTheSample(String type) {
    // given
    Class<? extends IntegrationEvent> recordClass = recordClass(type);
    ObjectNode data = JSON.valueToTree(SampleEvents.of(recordClass));

    for (String field : data.propertyNames()) {
      // when
      ObjectNode incomplete = data.deepCopy().without(field);

      // then
      assertThat(ContractSchemas.violations(schemaName(recordClass), JSON.writeValueAsString(incomplete)))
          .as("violations of %s without %s", type, field)
          .isNotEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eventTypes")
  void goldenExampleIsReadableAndWritesBackWithoutLoss(String type) throws Exception {
    // given
    Class<? extends IntegrationEvent> recordClass = recordClass(type);
    String golden = golden(recordClass);
    assertThat(ContractSchemas.violations("EventEnvelope", golden)).isEmpty();
    String goldenData = JSON.writeValueAsString(JSON.readTree(golden).get("data"));
    assertThat(ContractSchemas.violations(schemaName(recordClass), goldenData)).isEmpty();

    // when
    EventEnvelope envelope = EventJson.read(golden);
    IntegrationEvent event = envelope.dataAs(recordClass, JSON);
    String rewritten = EventJson.write(withData(envelope, event));

    // then
    assertThat(event.type()).isEqualTo(envelope.type());
    assertThat(event.subject()).isEqualTo(envelope.subject());
    // Extensible comparison: once a type gains a field, the record writes it too and the old golden stays valid.
    JSONAssert.assertEquals(golden, rewritten, JSONCompareMode.STRICT_ORDER);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eventTypes")
  void unknownFieldsFromANewerProducerAreIgnored(String type) {
    // given
    Class<? extends IntegrationEvent> recordClass = recordClass(type);
    String golden = golden(recordClass);
    ObjectNode newer = (ObjectNode) JSON.readTree(golden);
    newer.put("partitionkey", "a CloudEvents extension this library does not know");
    ((ObjectNode) newer.get("data")).putObject("addedInALaterVersion").put("nested", true);

    // when
    IntegrationEvent event = EventJson.read(JSON.writeValueAsString(newer)).dataAs(recordClass, JSON);

    // then
    assertThat(event).isEqualTo(EventJson.read(golden).dataAs(recordClass, JSON));
  }

  private static Class<? extends IntegrationEvent> recordClass(String type) {
    return EventTypes.find(type).orElseThrow();
  }

  private static String schemaName(Class<? extends IntegrationEvent> recordClass) {
    String name = recordClass.getSimpleName();
    assertThat(ContractSchemas.exists(name))
        .as("schema src/main/resources/io/shopscale/events/schema/%s.schema.json", name)
        .isTrue();
    return name;
  }

  private static String golden(Class<? extends IntegrationEvent> recordClass) {
    String path = "/contracts/" + recordClass.getSimpleName() + ".json";
    try (InputStream in = EventContractTest.class.getResourceAsStream(path)) {
      if (in == null) {
        return fail("No golden example src/test/resources%s", path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    catch (IOException e) {
      return fail("Cannot read " + path, e);
    }
  }

  private static EventEnvelope withData(EventEnvelope envelope, IntegrationEvent event) {
    return new EventEnvelope(envelope.specversion(), envelope.id(), envelope.source(), envelope.type(),
        envelope.subject(), envelope.time(), envelope.datacontenttype(), envelope.correlationid(),
        JSON.valueToTree(event));
  }
}
