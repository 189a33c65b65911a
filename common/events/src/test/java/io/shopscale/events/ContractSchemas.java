package io.shopscale.events;

import java.util.List;
import java.util.stream.Collectors;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;

/** The JSON schemas shipped in this library, resolved from the classpath as a consumer would resolve them by URL. */
final class ContractSchemas {

  private static final String BASE_URI = "https://shopscale.io/schemas/events/";
  private static final String RESOURCE_DIR = "io/shopscale/events/schema/";

  // Draft 2020-12 treats "format" as an annotation unless asked: without this a malformed uuid would pass.
  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDialect(Dialects.getDraft202012(),
      builder -> builder
          .schemaIdResolvers(resolvers -> resolvers.mapPrefix(BASE_URI, "classpath:" + RESOURCE_DIR))
          .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

  private ContractSchemas() {
  }

  static boolean exists(String name) {
    return ContractSchemas.class.getClassLoader().getResource(RESOURCE_DIR + name + ".schema.json") != null;
  }

  /** Empty when {@code json} conforms to the schema {@code <name>.schema.json}. */
  static List<String> violations(String name, String json) {
    Schema schema = REGISTRY.getSchema(SchemaLocation.of(BASE_URI + name + ".schema.json"));
    return schema.validate(json, InputFormat.JSON).stream()
        .map(Error::toString)
        .sorted()
        .collect(Collectors.toList());
  }
}
