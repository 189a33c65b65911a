package io.shopscale.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/** Where two JSON trees differ, as JSON pointers with both values; for readable failure messages. */
final class Diff {

  private static final int MAX = 12;

  private Diff() {
  }

  static String of(JsonNode expected, JsonNode actual) {
    List<String> differences = new ArrayList<>();
    walk("", expected, actual, differences);
    if (differences.isEmpty()) {
      return "(equal)";
    }
    String more = differences.size() > MAX ? "\n  ... " + (differences.size() - MAX) + " more" : "";
    return "\n  " + String.join("\n  ", differences.subList(0, Math.min(MAX, differences.size()))) + more;
  }

  private static void walk(String path, JsonNode expected, JsonNode actual, List<String> out) {
    if (expected.equals(actual)) {
      return;
    }
    if (expected.isObject() && actual.isObject()) {
      Set<String> keys = new TreeSet<>();
      expected.fieldNames().forEachRemaining(keys::add);
      actual.fieldNames().forEachRemaining(keys::add);
      for (String key : keys) {
        String child = path + "/" + key.replace("~", "~0").replace("/", "~1");
        if (!expected.has(key)) {
          out.add(child + ": only in the second: " + abbreviate(actual.get(key)));
        }
        else if (!actual.has(key)) {
          out.add(child + ": only in the first: " + abbreviate(expected.get(key)));
        }
        else {
          walk(child, expected.get(key), actual.get(key), out);
        }
      }
    }
    else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
      for (int i = 0; i < expected.size(); i++) {
        walk(path + "/" + i, expected.get(i), actual.get(i), out);
      }
    }
    else {
      out.add((path.isEmpty() ? "/" : path) + ": " + abbreviate(expected) + " vs " + abbreviate(actual));
    }
  }

  private static String abbreviate(JsonNode node) {
    String text = node.toString();
    return text.length() > 160 ? text.substring(0, 157) + "..." : text;
  }
}
