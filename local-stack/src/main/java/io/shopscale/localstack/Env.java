package io.shopscale.localstack;

import org.jspecify.annotations.Nullable;

/** Settings come from the environment only, so the script and a user's shell configure the stack the same way. */
final class Env {

  private Env() {
  }

  static @Nullable String get(String name) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  static String get(String name, String fallback) {
    String value = get(name);
    return value == null ? fallback : value;
  }

  static int integer(String name, int fallback) {
    String value = get(name);
    try {
      return value == null ? fallback : Integer.parseInt(value);
    }
    catch (NumberFormatException ex) {
      throw new IllegalArgumentException(name + " is not a port number: " + value, ex);
    }
  }
}
