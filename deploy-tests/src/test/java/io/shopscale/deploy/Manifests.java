package io.shopscale.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A rendered set of Kubernetes objects, looked up by kind and name. */
final class Manifests {

  private final List<ObjectNode> objects;

  Manifests(List<ObjectNode> objects) {
    this.objects = List.copyOf(objects);
    Map<String, ObjectNode> seen = new LinkedHashMap<>();
    for (ObjectNode object : objects) {
      if (seen.put(key(object), object) != null) {
        throw new IllegalArgumentException("two objects are " + key(object));
      }
    }
  }

  static Manifests parse(String yaml) {
    return new Manifests(Yaml.documents(yaml));
  }

  static String kind(JsonNode object) {
    return object.path("kind").asText();
  }

  static String name(JsonNode object) {
    return object.path("metadata").path("name").asText();
  }

  /** kind/name: unique within one namespace, which is all a release or an overlay renders into. */
  static String key(JsonNode object) {
    return kind(object) + "/" + name(object);
  }

  /**
   * The services' objects: everything but the Redis exporter's (app.kubernetes.io/component: redis-exporter), which
   * is no JVM, has no management port and is checked by RedisExporterTest.
   */
  Manifests services() {
    return new Manifests(objects.stream().filter(o -> !isRedisExporter(o)).toList());
  }

  static boolean isRedisExporter(JsonNode object) {
    return "redis-exporter".equals(object.at("/metadata/labels/app.kubernetes.io~1component").asText());
  }

  List<ObjectNode> all() {
    return objects;
  }

  Stream<ObjectNode> stream() {
    return objects.stream();
  }

  List<ObjectNode> ofKind(String kind) {
    return objects.stream().filter(o -> kind(o).equals(kind)).toList();
  }

  Optional<ObjectNode> find(String kind, String name) {
    return objects.stream().filter(o -> kind(o).equals(kind) && name(o).equals(name)).findFirst();
  }

  ObjectNode get(String kind, String name) {
    return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " among " + keys()));
  }

  List<String> keys() {
    return objects.stream().map(Manifests::key).toList();
  }

  /** Map of key to object, in rendering order. */
  Map<String, ObjectNode> byKey() {
    Map<String, ObjectNode> map = new LinkedHashMap<>();
    objects.forEach(o -> map.put(key(o), o));
    return map;
  }

  /** Every container (and init container) of every Deployment, with the Deployment's name. */
  List<Container> containers() {
    List<Container> containers = new ArrayList<>();
    for (ObjectNode deployment : ofKind("Deployment")) {
      JsonNode spec = deployment.path("spec").path("template").path("spec");
      for (String field : List.of("initContainers", "containers")) {
        spec.path(field).forEach(c -> containers.add(new Container(name(deployment), (ObjectNode) c, spec)));
      }
    }
    return containers;
  }

  record Container(String deployment, ObjectNode container, JsonNode podSpec) {

    String name() {
      return container.path("name").asText();
    }

    @Override
    public String toString() {
      return deployment + "/" + name();
    }
  }
}
