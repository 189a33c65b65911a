package io.shopscale.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The part of kustomize (sigs.k8s.io/kustomize v5) that k8s/ uses, in Java, so `./mvnw verify` can build the
 * overlays without a kustomize or kubectl binary. There is no Java kustomize; this is not one either: it refuses
 * every kustomization field and patch form it does not implement, so an overlay can only use what is checked here.
 * Where kubectl is installed, KustomizeTest also compares this with `kubectl kustomize`.
 * <ul>
 * <li>{@code resources}: files (multi-document YAML) and directories holding a kustomization.yaml;</li>
 * <li>{@code components}: directories whose kustomization.yaml is a Component: their resources are added, then
 * their transformations run over everything accumulated so far;</li>
 * <li>{@code patches} ({@code path} or inline {@code patch}, with {@code target}: kind, name (a regular
 * expression, anchored, as kustomize reads it), group, version, labelSelector key=value[,...]): a JSON 6902 patch
 * (add, remove, replace) on every matching object, or a strategic-merge patch that is {@code $patch: delete};
 * a patch that matches nothing is an error (kustomize would let most of them pass silently);</li>
 * <li>{@code namespace}: set on every object (all of ours are namespaced);</li>
 * <li>{@code images}: name → newName/newTag/digest in Deployments' containers.</li>
 * </ul>
 * Order within a kustomization as kustomize's: resources, components, patches, namespace, images.
 */
final class Kustomize {

  private static final Set<String> KUSTOMIZATION_FIELDS = Set.of("apiVersion", "kind", "resources", "components",
      "patches", "namespace", "images");
  private static final Set<String> PATCH_FIELDS = Set.of("path", "patch", "target");
  private static final Set<String> TARGET_FIELDS = Set.of("group", "version", "kind", "name", "labelSelector");
  private static final Set<String> IMAGE_FIELDS = Set.of("name", "newName", "newTag", "digest");

  private Kustomize() {
  }

  /** `kustomize build dir`. */
  static List<ObjectNode> build(Path dir) {
    return build(dir, "Kustomization", new ArrayList<>());
  }

  private static List<ObjectNode> build(Path dir, String expectedKind, List<ObjectNode> accumulated) {
    ObjectNode kustomization = kustomization(dir);
    String kind = kustomization.path("kind").asText("Kustomization");
    if (!kind.equals(expectedKind)) {
      throw new IllegalArgumentException(dir + ": a " + kind + " where a " + expectedKind + " belongs");
    }
    kustomization.fieldNames().forEachRemaining(field -> {
      if (!KUSTOMIZATION_FIELDS.contains(field)) {
        throw new UnsupportedOperationException(dir + ": kustomization field '" + field + "' is not implemented here");
      }
    });
    List<ObjectNode> objects = accumulated;
    for (JsonNode resource : kustomization.path("resources")) {
      Path path = dir.resolve(resource.asText()).normalize();
      if (Files.isDirectory(path)) {
        objects.addAll(build(path, "Kustomization", new ArrayList<>()));
      }
      else {
        objects.addAll(Yaml.documents(read(path)));
      }
    }
    for (JsonNode component : kustomization.path("components")) {
      objects = build(dir.resolve(component.asText()).normalize(), "Component", objects);
    }
    for (JsonNode patch : kustomization.path("patches")) {
      objects = patch(dir, patch, objects);
    }
    if (kustomization.has("namespace")) {
      String namespace = kustomization.path("namespace").asText();
      objects.forEach(o -> ((ObjectNode) o.path("metadata")).put("namespace", namespace));
    }
    for (JsonNode image : kustomization.path("images")) {
      image(image, objects);
    }
    return objects;
  }

  private static ObjectNode kustomization(Path dir) {
    for (String name : List.of("kustomization.yaml", "kustomization.yml", "Kustomization")) {
      if (Files.isRegularFile(dir.resolve(name))) {
        return (ObjectNode) Yaml.read(read(dir.resolve(name)));
      }
    }
    throw new IllegalArgumentException("no kustomization in " + dir);
  }

  // ---- patches -----------------------------------------------------------------------------------------------------

  private static List<ObjectNode> patch(Path dir, JsonNode entry, List<ObjectNode> objects) {
    onlyFields(entry, PATCH_FIELDS, "patches entry");
    String text = entry.has("path") ? read(dir.resolve(entry.path("path").asText())) : entry.path("patch").asText();
    JsonNode patch = Yaml.read(text);
    JsonNode target = entry.path("target");
    onlyFields(target, TARGET_FIELDS, "patch target");
    List<ObjectNode> result = new ArrayList<>();
    int matched = 0;
    if (patch.isArray()) {
      if (target.isMissingNode()) {
        throw new IllegalArgumentException("a JSON 6902 patch needs a target: " + entry);
      }
      for (ObjectNode object : objects) {
        if (matches(target, object)) {
          matched++;
          result.add(jsonPatch(object, (ArrayNode) patch));
        }
        else {
          result.add(object);
        }
      }
    }
    else if (patch.isObject() && "delete".equals(patch.path("$patch").asText())) {
      for (ObjectNode object : objects) {
        boolean named = Manifests.kind(object).equals(patch.path("kind").asText())
            && Manifests.name(object).equals(Manifests.name(patch));
        if (named && (target.isMissingNode() || matches(target, object))) {
          matched++;
        }
        else {
          result.add(object);
        }
      }
    }
    else {
      throw new UnsupportedOperationException("only JSON 6902 patches and `$patch: delete` are implemented: " + text);
    }
    if (matched == 0) {
      throw new IllegalArgumentException("patch matches no object: " + entry);
    }
    return result;
  }

  private static boolean matches(JsonNode target, ObjectNode object) {
    String[] apiVersion = object.path("apiVersion").asText().split("/");
    String group = apiVersion.length == 2 ? apiVersion[0] : "";
    String version = apiVersion[apiVersion.length - 1];
    if (target.has("kind") && !anchored(target.path("kind").asText()).matcher(Manifests.kind(object)).matches()) {
      return false;
    }
    if (target.has("name") && !anchored(target.path("name").asText()).matcher(Manifests.name(object)).matches()) {
      return false;
    }
    if (target.has("group") && !target.path("group").asText().equals(group)) {
      return false;
    }
    if (target.has("version") && !target.path("version").asText().equals(version)) {
      return false;
    }
    if (target.has("labelSelector")) {
      for (String requirement : target.path("labelSelector").asText().split(",")) {
        String[] pair = requirement.trim().split("=", 2);
        if (pair.length != 2) {
          throw new UnsupportedOperationException("labelSelector: only key=value is implemented: " + requirement);
        }
        if (!pair[1].equals(object.at("/metadata/labels").path(pair[0]).asText(null))) {
          return false;
        }
      }
    }
    return true;
  }

  private static Pattern anchored(String regex) {
    return Pattern.compile("^(?:" + regex + ")$");
  }

  /** RFC 6902 add, remove and replace (move, copy and test are not used by k8s/). */
  static ObjectNode jsonPatch(ObjectNode object, ArrayNode operations) {
    ObjectNode patched = object.deepCopy();
    for (JsonNode operation : operations) {
      onlyFields(operation, Set.of("op", "path", "value"), "JSON patch operation");
      String op = operation.path("op").asText();
      List<String> tokens = pointer(operation.path("path").asText());
      JsonNode parent = patched;
      for (String token : tokens.subList(0, tokens.size() - 1)) {
        parent = child(parent, token, operation);
      }
      String last = tokens.get(tokens.size() - 1);
      switch (op) {
        case "add" -> add(parent, last, operation.path("value").deepCopy(), operation);
        case "remove" -> remove(parent, last, operation);
        case "replace" -> {
          remove(parent, last, operation);
          add(parent, last, operation.path("value").deepCopy(), operation);
        }
        default -> throw new UnsupportedOperationException("JSON patch op " + op);
      }
    }
    return patched;
  }

  private static List<String> pointer(String path) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("not a JSON pointer: " + path);
    }
    List<String> tokens = new ArrayList<>();
    for (String token : path.substring(1).split("/", -1)) {
      tokens.add(token.replace("~1", "/").replace("~0", "~"));
    }
    return tokens;
  }

  private static JsonNode child(JsonNode parent, String token, JsonNode operation) {
    JsonNode child = parent.isArray() ? parent.get(index(parent, token, false, operation)) : parent.get(token);
    if (child == null || !child.isContainerNode()) {
      throw new IllegalArgumentException("no such path: " + operation);
    }
    return child;
  }

  private static void add(JsonNode parent, String token, JsonNode value, JsonNode operation) {
    if (parent instanceof ObjectNode object) {
      object.set(token, value);
    }
    else if (parent instanceof ArrayNode array) {
      if (token.equals("-")) {
        array.add(value);
      }
      else {
        array.insert(index(array, token, true, operation), value);
      }
    }
  }

  private static void remove(JsonNode parent, String token, JsonNode operation) {
    if (parent instanceof ObjectNode object) {
      if (object.remove(token) == null) {
        throw new IllegalArgumentException("nothing to remove at " + operation);
      }
    }
    else if (parent instanceof ArrayNode array) {
      array.remove(index(array, token, false, operation));
    }
  }

  private static int index(JsonNode array, String token, boolean end, JsonNode operation) {
    int index = Integer.parseInt(token);
    if (index < 0 || index > array.size() || (!end && index == array.size())) {
      throw new IllegalArgumentException("index out of range: " + operation);
    }
    return index;
  }

  // ---- images ------------------------------------------------------------------------------------------------------

  private static void image(JsonNode image, List<ObjectNode> objects) {
    onlyFields(image, IMAGE_FIELDS, "images entry");
    String name = image.path("name").asText();
    int changed = 0;
    for (ObjectNode object : objects) {
      for (String field : List.of("initContainers", "containers")) {
        for (JsonNode container : object.at("/spec/template/spec/" + field)) {
          String current = container.path("image").asText();
          String digestless = current.contains("@") ? current.substring(0, current.indexOf('@')) : current;
          int colon = digestless.lastIndexOf(':');
          boolean tagged = colon > digestless.lastIndexOf('/');
          String repository = tagged ? digestless.substring(0, colon) : digestless;
          if (!repository.equals(name)) {
            continue;
          }
          String tag = tagged ? digestless.substring(colon + 1) : null;
          String digest = current.contains("@") ? current.substring(current.indexOf('@') + 1) : null;
          String newName = image.path("newName").asText(repository);
          if (image.has("digest")) {
            digest = image.path("digest").asText();
            tag = null;
          }
          else if (image.has("newTag")) {
            tag = image.path("newTag").asText();
            digest = null;
          }
          ((ObjectNode) container).set("image", TextNode.valueOf(newName + (tag == null ? "" : ":" + tag)
              + (digest == null ? "" : "@" + digest)));
          changed++;
        }
      }
    }
    if (changed == 0) {
      throw new IllegalArgumentException("images entry matches no container: " + image);
    }
  }

  private static void onlyFields(JsonNode node, Set<String> allowed, String what) {
    node.fieldNames().forEachRemaining(field -> {
      if (!allowed.contains(field)) {
        throw new UnsupportedOperationException(what + ": '" + field + "' is not implemented here");
      }
    });
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
