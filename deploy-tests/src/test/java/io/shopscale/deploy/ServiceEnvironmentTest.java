package io.shopscale.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The environment the chart gives each service against what the service reads: the ${NAME} placeholders of its
 * src/main/resources/application.yml and the infrastructure its pom.xml depends on. Services whose module is not
 * in the repository yet are skipped (the chart already deploys them; the check runs once they land).
 */
class ServiceEnvironmentTest {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
  /** Addresses and credentials: a service reading one must get it, the localhost defaults are for laptops. */
  private static final Pattern REQUIRED = Pattern
      .compile(".*_(DB_URL|DB_USER|DB_PASSWORD|SERVICE_URL|PORT)|REDIS_URL|JWKS_URI");
  /** Set by the chart without a placeholder: Spring Boot's relaxed binding, the platform's settings, the JVM. */
  private static final Pattern PLATFORM = Pattern.compile("SPRING_PROFILES_ACTIVE|SPRING_KAFKA_BOOTSTRAP_SERVERS"
      + "|MANAGEMENT_SERVER_PORT|MANAGEMENT_TRACING_[A-Z_]+|MANAGEMENT_OPENTELEMETRY_[A-Z_]+|JDK_JAVA_OPTIONS"
      + "|SHOPSCALE_DATASOURCE_REPLICAS_\\d+_URL"
      // Redis and Kafka logins and TLS: Boot's own properties, and the platform's ClientCredentials
      + "|SPRING_DATA_REDIS_(USERNAME|PASSWORD|SSL_ENABLED|SSL_BUNDLE)|SPRING_KAFKA_(SECURITY_PROTOCOL|SSL_BUNDLE)"
      + "|SPRING_SSL_BUNDLE_PEM_(REDIS|KAFKA)_TRUSTSTORE_CERTIFICATE|KAFKA_SASL_(USERNAME|PASSWORD|MECHANISM)");

  /**
   * The storefront's console reads each service's /actuator/prometheus at these addresses when no Prometheus is
   * configured (the local stack). The chart does not give them: in Kubernetes the actuator is on the management port,
   * which only networkPolicy.metricsFrom may reach, so the console needs services.storefront.console.prometheusUrl.
   */
  private static final Set<String> CONSOLE_FALLBACK = Set.of("USER_SERVICE_URL", "INVENTORY_SERVICE_URL",
      "ORDER_SERVICE_URL", "PAYMENT_SERVICE_URL");

  @TestFactory
  Stream<DynamicTest> everyServiceGetsWhatItReadsAndNothingItDoesNot() {
    Manifests manifests = Chart.render(Scenarios.DEFAULTS);
    return manifests.services().ofKind("Deployment").stream().map(deployment -> {
      String service = deployment.at("/spec/template/spec/containers/0/name").asText();
      return DynamicTest.dynamicTest(service, () -> check(manifests, deployment, service));
    });
  }

  private static void check(Manifests manifests, ObjectNode deployment, String service) throws IOException {
    Path module = Repository.ROOT.resolve(service);
    Path config = module.resolve("src/main/resources/application.yml");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(config),
        service + " is not in the repository yet");
    Set<String> reads = new TreeSet<>();
    Matcher matcher = PLACEHOLDER.matcher(Files.readString(config));
    while (matcher.find()) {
      reads.add(matcher.group(1));
    }
    Set<String> given = environment(manifests, deployment);

    List<String> missing = new ArrayList<>();
    reads.stream().filter(name -> REQUIRED.matcher(name).matches() && !given.contains(name))
        .filter(name -> !(service.equals("storefront") && CONSOLE_FALLBACK.contains(name))).forEach(missing::add);
    assertThat(missing).as("%s reads these, the chart does not set them", service).isEmpty();

    List<String> unread = new ArrayList<>();
    for (String name : given) {
      boolean meaningful = reads.contains(name) || PLATFORM.matcher(name).matches()
          || (service.equals("user-service") && name.matches("SHOPSCALE_USER_KEYS_\\d+_(KID|PRIVATEKEY)"))
          || (service.equals("storefront") && name.equals("SHOPSCALE_CONSOLE_PROMETHEUSURL"));
      if (!meaningful) {
        unread.add(name);
      }
    }
    assertThat(unread).as("%s is given these, nothing reads them (a typo?)", service).isEmpty();

    // what it uses (services.<key>.uses) is what its pom depends on
    String pom = Files.readString(module.resolve("pom.xml"));
    assertThat(given.contains("SPRING_KAFKA_BOOTSTRAP_SERVERS")).as("%s Kafka", service)
        .isEqualTo(pom.contains("<artifactId>spring-boot-starter-kafka</artifactId>"));
    assertThat(given.contains("REDIS_URL")).as("%s Redis", service)
        .isEqualTo(pom.contains("<artifactId>spring-boot-starter-data-redis"));
    boolean database = pom.contains("<artifactId>spring-boot-starter-data-jpa</artifactId>")
        || pom.contains("<artifactId>spring-boot-starter-jdbc</artifactId>");
    assertThat(given.stream().anyMatch(n -> n.endsWith("_DB_URL"))).as("%s PostgreSQL", service).isEqualTo(database);
    assertThat(given).as("%s's management port", service).contains("MANAGEMENT_SERVER_PORT");
  }

  /** Names of the container's environment: its ConfigMap's keys and its env entries. */
  private static Set<String> environment(Manifests manifests, ObjectNode deployment) {
    Set<String> names = new TreeSet<>();
    var container = deployment.at("/spec/template/spec/containers/0");
    container.path("envFrom").forEach(from -> manifests.get("ConfigMap", from.at("/configMapRef/name").asText())
        .path("data").fieldNames().forEachRemaining(names::add));
    container.path("env").forEach(env -> names.add(env.path("name").asText()));
    return names;
  }
}
