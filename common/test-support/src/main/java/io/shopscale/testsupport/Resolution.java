package io.shopscale.testsupport;

import com.github.dockerjava.api.DockerClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;

/** Whether Testcontainers can serve a test server here (the environment comes first: {@code Environment}). */
final class Resolution {

  private static final Logger log = LoggerFactory.getLogger(Resolution.class);

  private Resolution() {
  }

  /**
   * Whether a Testcontainers container of {@code image} can start here: Docker answers and the image, and
   * Testcontainers' own reaper image, are already present. Testcontainers would otherwise try to pull them, and a
   * machine whose Docker engine runs without a reachable registry (this project's CI machines once a compose test
   * started one) would hang every test on the pull. {@code SHOPSCALE_TEST_DOCKER=never} skips Docker altogether.
   */
  static boolean containersUsable(String image) {
    if ("never".equalsIgnoreCase(System.getenv("SHOPSCALE_TEST_DOCKER"))) {
      return false;
    }
    try {
      // not isDockerAvailable(): that starts the reaper container, which is the pull this check must avoid; finding
      // the transport throws when no Docker answers
      DockerClient docker = DockerClientProviderStrategy.getClientForConfig(
          DockerClientFactory.instance().getTransportConfig());
      boolean reaper = "true".equalsIgnoreCase(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))
          || !docker.listImagesCmd().withReferenceFilter("testcontainers/ryuk:*").exec().isEmpty();
      boolean present = !docker.listImagesCmd().withReferenceFilter(image).exec().isEmpty();
      if (!present || !reaper) {
        log.info("Docker runs but {} or testcontainers/ryuk is not pulled: using an embedded server instead "
            + "(pull them to use Testcontainers)", image);
      }
      return present && reaper;
    }
    catch (RuntimeException | LinkageError ex) {
      return false;
    }
  }
}
