package io.shopscale.embedded;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Addresses of servers of the machine's own, named by an environment variable (or a system property of that name). */
public final class Environment {

  private static final Logger log = LoggerFactory.getLogger(Environment.class);

  private Environment() {
  }

  /** The trimmed value of {@code variable}, or null when it is unset or blank. */
  public static @Nullable String value(String variable) {
    String value = System.getenv(variable);
    if (value == null || value.isBlank()) {
      value = System.getProperty(variable);
    }
    if (value != null && !value.isBlank()) {
      log.info("Using {} from {}", value, variable);
      return value.trim();
    }
    return null;
  }
}
