package io.shopscale.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * YAML as Kubernetes reads it, strictly: a duplicate key is an error (the API server's decoder rejects it; a lenient
 * parser would silently keep one of the two values).
 */
final class Yaml {

  static final YAMLMapper MAPPER = YAMLMapper.builder(YAMLFactory.builder().build())
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

  private Yaml() {
  }

  /** Every non-empty document of a multi-document stream, each a mapping. */
  static List<ObjectNode> documents(String text) {
    List<ObjectNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> it = MAPPER.readerFor(JsonNode.class).readValues(text)) {
      while (it.hasNextValue()) {
        JsonNode node = it.nextValue();
        if (node == null || node.isNull() || node.isMissingNode() || (node.isObject() && node.isEmpty())) {
          continue;
        }
        if (!node.isObject()) {
          throw new IllegalArgumentException("a YAML document that is not a mapping: " + node);
        }
        documents.add((ObjectNode) node);
      }
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return documents;
  }

  static JsonNode read(String text) {
    try {
      return MAPPER.readTree(text);
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
