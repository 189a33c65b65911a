package io.shopscale.testsupport;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.springframework.util.FileSystemUtils;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The shared Kafka broker of this test JVM: {@code SHOPSCALE_TEST_KAFKA_BOOTSTRAP}, else a container, else a real
 * single-node KRaft broker running in this JVM (the same server code as a production broker, no mock).
 */
public final class TestKafka {

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
    String fromEnvironment = Resolution.fromEnvironment("SHOPSCALE_TEST_KAFKA_BOOTSTRAP");
    if (fromEnvironment != null) {
      return fromEnvironment;
    }
    if (Resolution.dockerAvailable()) {
      @SuppressWarnings("resource") // lives as long as the JVM; Testcontainers' reaper removes it
      var container = new KafkaContainer("apache/kafka:4.1.2");
      container.start();
      return container.getBootstrapServers();
    }
    return startInProcessBroker();
  }

  private static String startInProcessBroker() {
    try {
      Path logDir = Files.createTempDirectory("shopscale-test-kafka");
      int brokerPort = Ports.free();
      int controllerPort = Ports.free();
      Properties config = new Properties();
      config.put("process.roles", "broker,controller");
      config.put("node.id", "1");
      config.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
      config.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
      config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
      config.put("controller.listener.names", "CONTROLLER");
      config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
      config.put("log.dirs", logDir.toString());
      config.put("offsets.topic.replication.factor", "1");
      config.put("offsets.topic.num.partitions", "5");
      config.put("transaction.state.log.replication.factor", "1");
      config.put("transaction.state.log.min.isr", "1");
      config.put("group.initial.rebalance.delay.ms", "0");
      config.put("num.partitions", "3");
      Path configFile = logDir.resolveSibling(logDir.getFileName() + ".properties");
      try (var out = Files.newOutputStream(configFile)) {
        config.store(out, "in-process test broker");
      }
      int formatted = StorageTool.execute(new String[] { "format", "-t", Uuid.randomUuid().toString(), "-c",
          configFile.toString() }, new PrintStream(PrintStream.nullOutputStream()));
      if (formatted != 0) {
        throw new IllegalStateException("Formatting the Kafka log directory failed with " + formatted);
      }
      KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(config), Time.SYSTEM);
      server.startup();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.shutdown();
        server.awaitShutdown();
        FileSystemUtils.deleteRecursively(logDir.toFile());
      }, "stop-test-kafka"));
      return "127.0.0.1:" + brokerPort;
    }
    catch (IOException ex) {
      throw new UncheckedIOException("Could not start the in-process Kafka broker", ex);
    }
  }
}
