package io.shopscale.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shopscale.deploy.NetworkPolicies.Peer;
import org.junit.jupiter.api.Test;

/**
 * The chart's Redis exporter (redisExporter): on by default, so that ShopScaleRedisDown, which also fires while no
 * redis_up series exists, has one on Kubernetes. It logs in to the Redis the services use, with their Secret, is
 * scraped under a job the alert selects, and its NetworkPolicy lets it reach Redis only and only Prometheus reach it.
 */
class RedisExporterTest {

  private static final String NAME = "shopscale-redis-exporter";
  private static final Peer PROMETHEUS = Peer.pod("Prometheus", "monitoring",
      Map.of("app.kubernetes.io/name", "prometheus"), "10.1.0.5");
  private static final Peer STRANGER = Peer.pod("a pod of the release's namespace, not of the release",
      NetworkPolicies.NAMESPACE, Map.of("app", "debug"), "10.1.0.4");
  private static final Peer REDIS = Peer.pod("Redis", NetworkPolicies.NAMESPACE, Map.of("app", "redis"), "10.1.0.8");
  private static final Peer INTERNET = Peer.outside("a host on the internet", "203.0.113.10");

  @Test
  void byDefaultTheExporterLogsInToTheServicesRedisWithTheirSecret() throws IOException {
    // given: the chart's defaults
    Manifests manifests = Chart.render(Scenarios.DEFAULTS);

    // then: the exporter reads the address, user and password the gateway reads, from the same Secret
    ObjectNode exporter = manifests.get("Deployment", NAME);
    Map<String, JsonNode> env = ChartRenderTest.envByName(exporter);
    JsonNode gatewayConfig = manifests.get("ConfigMap", "shopscale-gateway-service").path("data");
    Map<String, JsonNode> gatewayEnv = ChartRenderTest.envByName(manifests.get("Deployment",
        "shopscale-gateway-service"));
    assertThat(env.get("REDIS_ADDR").path("value").asText()).isEqualTo(gatewayConfig.path("REDIS_URL").asText())
        .isEqualTo("redis://redis:6379");
    assertThat(env.get("REDIS_USER").path("value").asText())
        .isEqualTo(gatewayConfig.path("SPRING_DATA_REDIS_USERNAME").asText()).isEqualTo("shopscale");
    assertThat(env.get("REDIS_PASSWORD").at("/valueFrom/secretKeyRef"))
        .isEqualTo(gatewayEnv.get("SPRING_DATA_REDIS_PASSWORD").at("/valueFrom/secretKeyRef"));
    assertThat(env.get("REDIS_PASSWORD").at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("shopscale-redis");
    assertThat(manifests.find("Secret", "shopscale-redis")).isPresent();
    // the image docker-compose.yml runs, one replica, metrics on 9121
    JsonNode container = exporter.at("/spec/template/spec/containers/0");
    assertThat(Files.readString(Repository.ROOT.resolve("docker-compose.yml")))
        .contains("image: " + container.path("image").asText());
    assertThat(container.path("image").asText()).isEqualTo("oliver006/redis_exporter:v1.67.0");
    assertThat(exporter.at("/spec/replicas").asInt()).isEqualTo(1);
    assertThat(manifests.get("Service", NAME).at("/spec/ports/0/port").asInt()).isEqualTo(9121);
    assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(9121);
  }

  @Test
  void turnedOffItRendersNothingOfItAndNothingElseChanges() {
    Manifests on = Chart.render(Scenarios.DEFAULTS_WITH_MONITORING);
    Manifests off = Chart.render(Scenarios.DEFAULTS_WITH_MONITORING.set("redisExporter.enabled", "false"));
    assertThat(on.stream().filter(Manifests::isRedisExporter).map(Manifests::key))
        .containsExactlyInAnyOrder("Deployment/" + NAME, "Service/" + NAME, "NetworkPolicy/" + NAME,
            "ServiceMonitor/" + NAME);
    assertThat(off.keys()).noneMatch(key -> key.contains("redis-exporter"))
        .containsExactlyInAnyOrderElementsOf(on.services().keys());
  }

  @Test
  void itsNetworkPolicyAllowsRedisEgressAndScrapeIngressOnly() {
    Manifests manifests = Chart.render(Scenarios.DEFAULTS);
    NetworkPolicies policies = new NetworkPolicies(manifests);
    Peer exporter = Peer.of(manifests.get("Deployment", NAME), "10.244.0.30");

    assertThat(policies.egressAllows(exporter, REDIS, "6379", "TCP")).as("-> Redis").isTrue();
    assertThat(policies.egressAllows(exporter, REDIS, "53", "UDP")).as("DNS").isTrue();
    for (String port : List.of("5432", "9092", "8080")) {
      assertThat(policies.egressAllows(exporter, REDIS, port, "TCP")).as("-> :%s", port).isFalse();
    }
    assertThat(policies.egressAllows(exporter, INTERNET, "6379", "TCP")).as("-> any address").isFalse();
    for (ObjectNode service : manifests.services().ofKind("Deployment")) {
      Peer pod = Peer.of(service, "10.244.0.31");
      assertThat(policies.allows(exporter, pod, "http", "TCP")).as("-> %s", pod).isFalse();
      assertThat(policies.allows(pod, exporter, "metrics", "TCP")).as("%s ->", pod).isFalse();
    }

    assertThat(policies.ingressAllows(PROMETHEUS, exporter, "metrics", "TCP")).as("Prometheus scrapes it").isTrue();
    assertThat(policies.ingressAllows(PROMETHEUS, exporter, "6379", "TCP")).isFalse();
    for (Peer other : List.of(STRANGER, INTERNET, REDIS)) {
      assertThat(policies.ingressAllows(other, exporter, "metrics", "TCP")).as("%s ->", other).isFalse();
    }

    // a Redis outside the cluster: its address range, as for the services
    Manifests managed = Chart.render(Scenarios.DEFAULTS.set("networkPolicy.redis.cidrs[0]", "10.20.0.0/24")
        .set("networkPolicy.redis.to", "null"));
    Peer managedExporter = Peer.of(managed.get("Deployment", NAME), "10.244.0.30");
    NetworkPolicies managedPolicies = new NetworkPolicies(managed);
    assertThat(managedPolicies.egressAllows(managedExporter, Peer.outside("a managed Redis", "10.20.0.7"), "6379",
        "TCP")).isTrue();
    assertThat(managedPolicies.egressAllows(managedExporter, REDIS, "6379", "TCP")).isFalse();
  }

  @Test
  void itIsScrapedUnderAJobTheRedisDownAlertSelects() throws IOException {
    Manifests manifests = Chart.render(Scenarios.DEFAULTS_WITH_MONITORING);
    ObjectNode monitor = manifests.get("ServiceMonitor", NAME);
    List<ObjectNode> scraped = manifests.ofKind("Service").stream()
        .filter(s -> ChartRenderTest.matches(monitor.at("/spec/selector/matchLabels"), s.at("/metadata/labels")))
        .toList();
    assertThat(scraped).extracting(Manifests::name).containsExactly(NAME);
    assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("metrics");
    assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
    String job = scraped.get(0).at("/metadata/labels").path(monitor.at("/spec/jobLabel").asText()).asText();
    assertThat(job).isEqualTo(NAME);

    // every redis_up selector of ShopScaleRedisDown admits that job (the alert's absent() branch fires otherwise)
    JsonNode alert = manifests.get("PrometheusRule", "shopscale-alert-rules").at("/spec/groups").valueStream()
        .flatMap(g -> g.path("rules").valueStream())
        .filter(r -> r.path("alert").asText().equals("ShopScaleRedisDown")).findFirst().orElseThrow();
    String expr = alert.path("expr").asText();
    Matcher redisUp = Pattern.compile("redis_up(\\{([^}]*)})?").matcher(expr);
    assertThat(redisUp.find()).as(expr).isTrue();
    do {
      Matcher jobMatcher = Pattern.compile("job\\s*(=~|=)\\s*\"([^\"]*)\"")
          .matcher(redisUp.group(2) == null ? "" : redisUp.group(2));
      if (jobMatcher.find()) {
        boolean regex = jobMatcher.group(1).equals("=~");
        assertThat(regex ? job.matches(jobMatcher.group(2)) : job.equals(jobMatcher.group(2)))
            .as("%s selects job %s", redisUp.group(), job).isTrue();
      }
    } while (redisUp.find());
  }

  @Test
  void withRedisTlsItConnectsOverRedissAndTrustsTheConfiguredCa() {
    Manifests manifests = Chart.render(Scenarios.DEFAULTS.set("redis.tls.enabled", "true")
        .set("redis.tls.caSecret", "redis-ca").set("redis.tls.caKey", "ca.pem"));
    ObjectNode exporter = manifests.get("Deployment", NAME);
    Map<String, JsonNode> env = ChartRenderTest.envByName(exporter);
    assertThat(env.get("REDIS_ADDR").path("value").asText()).isEqualTo("rediss://redis:6379");
    String caFile = env.get("REDIS_EXPORTER_TLS_CA_CERT_FILE").path("value").asText();
    JsonNode pod = exporter.at("/spec/template/spec");
    JsonNode mount = pod.at("/containers/0/volumeMounts").valueStream()
        .filter(m -> caFile.startsWith(m.path("mountPath").asText() + "/")).findFirst().orElseThrow();
    JsonNode volume = pod.path("volumes").valueStream()
        .filter(v -> v.path("name").asText().equals(mount.path("name").asText())).findFirst().orElseThrow();
    assertThat(volume.at("/secret/secretName").asText()).isEqualTo("redis-ca");
    assertThat(caFile).endsWith("/ca.pem");

    // a whole URL in redis.existingSecret: read from there, as the services do
    Map<String, JsonNode> fromSecret = ChartRenderTest.envByName(Chart.render(Scenarios.EXISTING_SECRETS)
        .get("Deployment", NAME));
    assertThat(fromSecret.get("REDIS_ADDR").at("/valueFrom/secretKeyRef").toString()).contains("redis-url", "url");
    assertThat(fromSecret).doesNotContainKeys("REDIS_USER", "REDIS_PASSWORD");
  }
}
