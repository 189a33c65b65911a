package io.shopscale.testsupport;

import io.shopscale.embedded.Environment;
import io.shopscale.embedded.RedisProcess;
import org.testcontainers.containers.GenericContainer;

/**
 * The shared Redis of this test JVM: {@code SHOPSCALE_TEST_REDIS_URL} (e.g. {@code redis://127.0.0.1:6379}), else a
 * container, else an embedded server. Test classes share it and keep apart through key prefixes.
 */
public final class TestRedis {

  private static final String IMAGE = "redis:7-alpine";

  private static volatile String url;

  private TestRedis() {
  }

  public static String url() {
    if (url == null) {
      synchronized (TestRedis.class) {
        if (url == null) {
          url = resolve();
        }
      }
    }
    return url;
  }

  private static String resolve() {
    String fromEnvironment = Environment.value("SHOPSCALE_TEST_REDIS_URL");
    if (fromEnvironment != null) {
      return fromEnvironment;
    }
    if (Resolution.containersUsable(IMAGE)) {
      @SuppressWarnings("resource") // lives as long as the JVM; Testcontainers' reaper removes it
      var container = new GenericContainer<>(IMAGE).withExposedPorts(6379);
      container.start();
      return "redis://" + container.getHost() + ":" + container.getMappedPort(6379);
    }
    RedisProcess embedded = RedisProcess.start();
    Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "stop-embedded-redis"));
    return embedded.url();
  }
}
