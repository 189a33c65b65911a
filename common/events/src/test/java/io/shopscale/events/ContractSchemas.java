package io.shopscale.events;

import java.util.List;
import java.util.stream.Collectors;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/** The JSON schemas shipped in this library, resolved from the classpath as a consumer would resolve them by URL. */
final class ContractSchemas {

  private static final String BASE_URI = "https://shopscale.io/schemas/events/";
  private static final String RESOURCE_DIR = "io/shopscale/events/schema/";

  private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
      builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(BASE_URI, "classpath:" + RESOURCE_DIR)));

  // Draft 2020-12 treats "format" as an annotation unless asked: without this a malformed uuid would pass.
  private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
      .formatAssertionsEnabled(true)
      .build();

  private ContractSchemas() {
  }

  static boolean exists(String name) {
    return ContractSchemas.class.getClassLoader().getResource(RESOURCE_DIR + name + ".schema.json") != null;
  }

  /** Empty when {@code json} conforms to the schema {@code <name>.schema.json}. */
  static List<String> violations(String name, String json) {
    JsonSchema schema = FACTORY.getSchema(SchemaLocation.of(BASE_URI + name + ".schema.json"), CONFIG);
    return schema.validate(json, InputFormat.JSON).stream()
        .map(ValidationMessage::toString)
        .sorted()
        .collect(Collectors.toList());
  }
}
