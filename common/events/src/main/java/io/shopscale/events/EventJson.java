package io.shopscale.events;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/** The JSON form of events on the wire. The mapper is immutable and safe to share. */
public final class EventJson {

  private static final JsonMapper MAPPER = JsonMapper.builder()
      .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
      // Events evolve by adding fields: a consumer must read payloads from producers newer than itself.
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private EventJson() {
  }

  public static JsonMapper mapper() {
    return MAPPER;
  }

  public static String write(EventEnvelope envelope) {
    return MAPPER.writeValueAsString(envelope);
  }

  /** @throws tools.jackson.core.JacksonException when the text is not JSON or misses a required attribute */
  public static EventEnvelope read(String json) {
    return MAPPER.readValue(json, EventEnvelope.class);
  }
}
