package io.shopscale.events;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A CloudEvents 1.0 event in structured JSON mode, plus the {@code correlationid} extension. Every attribute is
 * required: a consumer never has to guess a missing one.
 */
public record EventEnvelope(
    String specversion,
    String id,
    String source,
    String type,
    String subject,
    Instant time,
    String datacontenttype,
    String correlationid,
    JsonNode data) {

  public static final String SPEC_VERSION = "1.0";
  public static final String CONTENT_TYPE = "application/json";

  public EventEnvelope {
    Objects.requireNonNull(specversion, "specversion");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(datacontenttype, "datacontenttype");
    Objects.requireNonNull(correlationid, "correlationid");
    Objects.requireNonNull(data, "data");
  }

  /** A new envelope with a fresh id, for {@code source} such as {@code "/order-service"}. */
  public static EventEnvelope of(
      IntegrationEvent event, String source, String correlationId, Clock clock, JsonMapper json) {
    return new EventEnvelope(SPEC_VERSION, UUID.randomUUID().toString(), source, event.type(), event.subject(),
        Instant.now(clock), CONTENT_TYPE, correlationId, json.valueToTree(event));
  }

  /** The data as {@code type}, which must be the class registered for this envelope's type. */
  public <T extends IntegrationEvent> T dataAs(Class<T> type, JsonMapper json) {
    // Unknown properties are ignored, so reading one type's data as another would succeed with nonsense.
    if (!EventTypes.find(this.type).map(type::equals).orElse(false)) {
      throw new IllegalArgumentException("Envelope of type " + this.type + " does not hold a " + type.getName());
    }
    return json.treeToValue(data, type);
  }

  public UUID subjectAsUuid() {
    return UUID.fromString(subject);
  }
}
