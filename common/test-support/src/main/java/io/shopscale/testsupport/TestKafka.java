package io.shopscale.testsupport;

import io.shopscale.embedded.Environment;
import io.shopscale.embedded.KafkaProcess;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The shared Kafka broker of this test JVM: {@code SHOPSCALE_TEST_KAFKA_BOOTSTRAP}, else a container, else a real
 * single-node KRaft broker running in this JVM (the same server code as a production broker, no mock).
 */
public final class TestKafka {

  private static final String IMAGE = "apache/kafka:4.1.2";

  private static volatile String bootstrapServers;

  private TestKafka() {
  }

  public static String bootstrapServers() {
    if (bootstrapServers == null) {
      synchronized (TestKafka.class) {
        if (bootstrapServers == null) {
          bootstrapServers = resolve();
        }
      }
    }
    return bootstrapServers;
  }

  private static String resolve() {
    String fromEnvironment = Environment.value("SHOPSCALE_TEST_KAFKA_BOOTSTRAP");
    if (fromEnvironment != null) {
      return fromEnvironment;
    }
    if (Resolution.containersUsable(IMAGE)) {
      @SuppressWarnings("resource") // lives as long as the JVM; Testcontainers' reaper removes it
      var container = new KafkaContainer(IMAGE);
      container.start();
      return container.getBootstrapServers();
    }
    return startInProcessBroker();
  }

  private static String startInProcessBroker() {
    KafkaProcess broker = KafkaProcess.start();
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "stop-test-kafka"));
    return broker.bootstrapServers();
  }
}
