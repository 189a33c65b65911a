package io.shopscale.embedded;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.jspecify.annotations.Nullable;
import org.springframework.util.FileSystemUtils;

/**
 * A real single-node KRaft broker in this JVM, on fixed loopback ports, that a test may stop and start again (its
 * log directory survives, like a broker restart). The shared test broker of {@link TestKafka} is one of these.
 */
public final class KafkaProcess implements AutoCloseable {

  private final Path logDir;
  private final int brokerPort;
  private final Properties config = new Properties();
  private final List<String> scramCredentials = new ArrayList<>();
  private @Nullable KafkaRaftServer server;

  private KafkaProcess(int brokerPort, int controllerPort) {
    try {
      logDir = Files.createTempDirectory("shopscale-kafka");
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    this.brokerPort = brokerPort > 0 ? brokerPort : Ports.free();
    int controller = controllerPort > 0 ? controllerPort : Ports.free();
    config.put("process.roles", "broker,controller");
    config.put("node.id", "1");
    config.put("controller.quorum.voters", "1@127.0.0.1:" + controller);
    config.put("listeners", "PLAINTEXT://127.0.0.1:" + this.brokerPort + ",CONTROLLER://127.0.0.1:" + controller);
    config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + this.brokerPort);
    config.put("controller.listener.names", "CONTROLLER");
    config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    config.put("log.dirs", logDir.toString());
    config.put("offsets.topic.replication.factor", "1");
    config.put("offsets.topic.num.partitions", "5");
    config.put("transaction.state.log.replication.factor", "1");
    config.put("transaction.state.log.min.isr", "1");
    config.put("group.initial.rebalance.delay.ms", "0");
    config.put("num.partitions", "3");
    // The controller appends a no-op record to the metadata log every 500 ms by default, which is most of an idle
    // broker's CPU; a single-node broker has no followers to keep in step.
    config.put("metadata.max.idle.interval.ms", "5000");
    // Every request handler and network thread wakes about three times a second to look for work, busy or not: the
    // defaults (8 + 3 per listener, for broker and controller alike, and 4 group coordinator threads) were the largest
    // share of the idle stack's broker CPU (issue #13). One broker on a 2-core machine is served as well by a few.
    config.put("num.io.threads", "2");
    config.put("num.network.threads", "1");
    config.put("group.coordinator.threads", "1");
    config.put("share.coordinator.threads", "1");
    // The log cleaner (compaction of __consumer_offsets, the only compacted topic here) allocates its whole dedupe
    // buffer on the heap at start: 128 MiB by default, 40 % of the launcher's memory (issue #13's budget). 16 MiB maps
    // ~630,000 keys per pass; a cleaning pass needs at least one whole segment to fit, so the offsets topic's segments
    // are capped at 10 MiB (~100,000 commits) instead of 100 MiB.
    config.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
    config.put("offsets.topic.segment.bytes", Integer.toString(10 * 1024 * 1024));
  }

  public static KafkaProcess start() {
    return start(0, 0);
  }

  /** Starts a broker on fixed ports (0 = any free port). */
  public static KafkaProcess start(int brokerPort, int controllerPort) {
    return start(brokerPort, controllerPort, Map.of());
  }

  /**
   * Starts a broker on fixed ports (0 = any free port) with broker properties of the test's own, e.g.
   * {@code auto.create.topics.enable=false} as on most managed Kafka services.
   */
  public static KafkaProcess start(int brokerPort, int controllerPort, Map<String, String> brokerConfig) {
    KafkaProcess process = new KafkaProcess(brokerPort, controllerPort);
    process.config.putAll(brokerConfig);
    process.format();
    process.startAgain();
    return process;
  }

  /**
   * Starts a broker (any free ports) whose only client listener is SASL_SSL with SCRAM-SHA-512, as a production
   * broker should be: TLS with the given identity, and a login for each of {@code tls.users()} (stored in the
   * cluster's metadata when the log directory is formatted). A client without a login, or with a wrong password, is
   * refused before it can write or read anything. The broker talks to itself over the same listener with a login of
   * its own; its controller listener stays plain text on loopback (no client API is served there).
   */
  public static KafkaProcess startSaslSsl(SaslSsl tls) {
    KafkaProcess process = new KafkaProcess(0, 0);
    String controller = process.config.getProperty("listeners").replaceFirst("^PLAINTEXT://[^,]*,", "");
    String listener = "SASL_SSL://127.0.0.1:" + process.brokerPort;
    String brokerPassword = Uuid.randomUuid().toString();
    process.config.put("listeners", listener + "," + controller);
    process.config.put("advertised.listeners", listener);
    process.config.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT");
    process.config.put("inter.broker.listener.name", "SASL_SSL");
    process.config.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
    process.config.put("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512");
    process.config.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"broker\" password=\""
            + brokerPassword + "\";");
    process.config.put("ssl.keystore.type", "PEM");
    process.config.put("ssl.keystore.certificate.chain", tls.certificateChainPem());
    process.config.put("ssl.keystore.key", tls.privateKeyPem());
    process.config.put("ssl.truststore.type", "PEM");
    process.config.put("ssl.truststore.certificates", tls.caCertificatePem());
    process.scramCredentials.add("SCRAM-SHA-512=[name=broker,password=" + brokerPassword + "]");
    tls.users().forEach((user, password) -> process.scramCredentials
        .add("SCRAM-SHA-512=[name=" + user + ",password=" + password + "]"));
    process.format();
    process.startAgain();
    return process;
  }

  /**
   * The TLS identity and the SCRAM logins of a {@link #startSaslSsl} broker: PEM texts (the private key unencrypted
   * PKCS#8) and user name to password (no commas, brackets or quotes: StorageTool's syntax).
   */
  public record SaslSsl(String certificateChainPem, String privateKeyPem, String caCertificatePem,
      Map<String, String> users) {
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  private void format() {
    try {
      Path configFile = logDir.resolveSibling(logDir.getFileName() + ".properties");
      try (var out = Files.newOutputStream(configFile)) {
        config.store(out, "in-process test broker");
      }
      List<String> arguments = new ArrayList<>(List.of("format", "-t", Uuid.randomUuid().toString(), "-c",
          configFile.toString()));
      scramCredentials.forEach(credential -> arguments.addAll(List.of("--add-scram", credential)));
      int formatted = StorageTool.execute(arguments.toArray(String[]::new),
          new PrintStream(PrintStream.nullOutputStream()));
      Files.deleteIfExists(configFile);
      if (formatted != 0) {
        throw new IllegalStateException("Formatting the Kafka log directory failed with " + formatted);
      }
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** Starts the broker (again) on its ports, with the data it had. */
  public synchronized void startAgain() {
    KafkaRaftServer started = new KafkaRaftServer(new KafkaConfig(config), Time.SYSTEM);
    started.startup();
    server = started;
  }

  public synchronized void stop() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
  }

  @Override
  public void close() {
    stop();
    FileSystemUtils.deleteRecursively(logDir.toFile());
  }
}
