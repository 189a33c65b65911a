package io.shopscale.testsupport;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/** The shared order in which every test server is found. */
final class Resolution {

  private static final Logger log = LoggerFactory.getLogger(Resolution.class);

  private Resolution() {
  }

  static @Nullable String fromEnvironment(String variable) {
    String value = System.getenv(variable);
    if (value == null || value.isBlank()) {
      value = System.getProperty(variable);
    }
    if (value != null && !value.isBlank()) {
      log.info("Tests use {} from {}", value, variable);
      return value.trim();
    }
    return null;
  }

  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    }
    catch (RuntimeException | LinkageError ex) {
      return false;
    }
  }
}
