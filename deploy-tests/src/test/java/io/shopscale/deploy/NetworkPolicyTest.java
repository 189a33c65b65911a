package io.shopscale.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shopscale.deploy.NetworkPolicies.Peer;
import org.junit.jupiter.api.Test;

/**
 * Who may talk to whom under the rendered NetworkPolicies (evaluated, not pattern-matched): only the gateway is
 * reachable from outside the release; each service only from the release's pods that call it; the actuator only
 * from Prometheus; egress only to DNS, the called services, and PostgreSQL/Redis/Kafka as each service uses them.
 */
class NetworkPolicyTest {

  private static final Peer INTERNET = Peer.outside("a client on the internet", "203.0.113.10");
  private static final Peer NODE_NETWORK = Peer.outside("a machine in the VPC", "10.0.0.5");
  private static final Peer INGRESS_CONTROLLER = Peer.pod("the ingress controller", "ingress-nginx",
      Map.of("app.kubernetes.io/name", "ingress-nginx"), "10.1.0.2");
  private static final Peer OTHER_NAMESPACE = Peer.pod("a pod in another namespace", "default",
      Map.of("app", "curl"), "10.1.0.3");
  private static final Peer STRANGER = Peer.pod("a pod of the release's namespace, not of the release",
      NetworkPolicies.NAMESPACE, Map.of("app", "debug"), "10.1.0.4");
  private static final Peer PROMETHEUS = Peer.pod("Prometheus", "monitoring",
      Map.of("app.kubernetes.io/name", "prometheus"), "10.1.0.5");
  // where the chart's defaults expect them: pods of the release's namespace
  private static final Peer DATABASE = Peer.pod("PostgreSQL/Redis/Kafka", NetworkPolicies.NAMESPACE,
      Map.of("app", "postgresql"), "10.1.0.8");
  private static final Peer MANAGED_DATABASE = Peer.outside("a managed PostgreSQL/Redis/Kafka", "10.20.0.10");

  @Test
  void onlyTheGatewayIsReachableFromOutsideTheRelease() {
    Manifests manifests = Chart.render(Scenarios.DEFAULTS);
    NetworkPolicies policies = new NetworkPolicies(manifests);
    Map<String, Peer> pods = pods(manifests);
    List<Peer> outsiders = List.of(INTERNET, NODE_NETWORK, INGRESS_CONTROLLER, OTHER_NAMESPACE, STRANGER, PROMETHEUS);
    for (Peer outsider : outsiders) {
      assertThat(policies.ingressAllows(outsider, pods.get("gateway"), "http", "TCP"))
          .as("%s reaches the gateway's API", outsider).isTrue();
      for (String service : List.of("user", "inventory", "order", "payment", "storefront")) {
        assertThat(policies.ingressAllows(outsider, pods.get(service), "http", "TCP"))
            .as("%s must not reach %s", outsider, service).isFalse();
      }
      for (Peer pod : pods.values()) {
        assertThat(policies.ingressAllows(outsider, pod, "management", "TCP"))
            .as("%s and the actuator of %s", outsider, pod).isEqualTo(outsider == PROMETHEUS);
        // any other port is closed
        assertThat(policies.ingressAllows(outsider, pod, "5005", "TCP")).as("%s, debug port of %s", outsider, pod)
            .isFalse();
      }
    }
  }

  @Test
  void servicesAdmitOnlyTheReleasePodsThatCallThem() {
    Manifests manifests = Chart.render(Scenarios.DEFAULTS);
    NetworkPolicies policies = new NetworkPolicies(manifests);
    Map<String, Peer> pods = pods(manifests);
    // caller -> services it reaches (everyone but the storefront reaches user-service, for its JWKS); the storefront
    // is reached by the gateway alone and reaches the gateway alone
    Map<String, List<String>> calls = Map.of(
        "gateway", List.of("user", "inventory", "order", "payment", "storefront"),
        "user", List.of("user"),
        "inventory", List.of("user"),
        "order", List.of("user", "inventory"),
        "payment", List.of("user"),
        "storefront", List.of("gateway"));
    for (var caller : pods.entrySet()) {
      for (var callee : pods.entrySet()) {
        // the gateway's own pods never call the gateway's API: egress stops them, though its ingress is open
        boolean expected = calls.get(caller.getKey()).contains(callee.getKey());
        assertThat(policies.allows(caller.getValue(), callee.getValue(), "http", "TCP"))
            .as("%s -> %s", caller.getKey(), callee.getKey()).isEqualTo(expected);
        assertThat(policies.allows(caller.getValue(), callee.getValue(), "management", "TCP"))
            .as("%s -> actuator of %s", caller.getKey(), callee.getKey()).isFalse();
      }
    }
  }

  @Test
  void egressGoesOnlyToDnsAndWhatEachServiceUses() {
    Manifests manifests = Chart.render(Scenarios.DEFAULTS);
    NetworkPolicies policies = new NetworkPolicies(manifests);
    Map<String, Peer> pods = pods(manifests);
    Map<String, List<String>> uses = Map.of(
        "gateway", List.of("6379"),
        "user", List.of("5432", "6379", "9092"),
        "inventory", List.of("5432", "6379", "9092"),
        "order", List.of("5432", "9092"),
        "payment", List.of("5432", "9092"),
        "storefront", List.of());
    for (var pod : pods.entrySet()) {
      for (String port : List.of("5432", "6379", "9092")) {
        assertThat(policies.egressAllows(pod.getValue(), DATABASE, port, "TCP")).as("%s -> :%s", pod.getKey(), port)
            .isEqualTo(uses.get(pod.getKey()).contains(port));
      }
      assertThat(policies.egressAllows(pod.getValue(), DATABASE, "53", "UDP")).as("%s DNS", pod.getKey()).isTrue();
      assertThat(policies.egressAllows(pod.getValue(), INTERNET, "443", "TCP")).as("%s -> internet", pod.getKey())
          .isFalse();
      assertThat(policies.egressAllows(pod.getValue(), OTHER_NAMESPACE, "8080", "TCP")).isFalse();
    }
  }

  @Test
  void egressToPostgresqlRedisAndKafkaGoesOnlyToTheirConfiguredAddresses() {
    // given: PostgreSQL and Kafka outside the cluster, at their address ranges; Redis in the namespace (default)
    Manifests manifests = Chart.render(Scenarios.DEFAULTS
        .set("networkPolicy.postgresql.cidrs[0]", "10.20.0.0/24").set("networkPolicy.postgresql.to", "null")
        .set("networkPolicy.kafka.cidrs[0]", "10.20.0.0/24").set("networkPolicy.kafka.cidrs[1]", "10.21.0.0/24")
        .set("networkPolicy.kafka.to", "null"));
    NetworkPolicies policies = new NetworkPolicies(manifests);
    Peer order = pods(manifests).get("order");
    Peer inventory = pods(manifests).get("inventory");
    Peer elsewhere = Peer.outside("another machine in the VPC", "10.22.0.10");
    // then: each server is reached at its own range and port only
    assertThat(policies.egressAllows(order, MANAGED_DATABASE, "5432", "TCP")).isTrue();
    assertThat(policies.egressAllows(order, MANAGED_DATABASE, "9092", "TCP")).isTrue();
    assertThat(policies.egressAllows(order, Peer.outside("a second broker", "10.21.0.7"), "9092", "TCP")).isTrue();
    assertThat(policies.egressAllows(order, elsewhere, "5432", "TCP")).isFalse();
    assertThat(policies.egressAllows(order, DATABASE, "5432", "TCP")).as("no longer the namespace's pods").isFalse();
    assertThat(policies.egressAllows(inventory, MANAGED_DATABASE, "6379", "TCP")).isFalse();
    assertThat(policies.egressAllows(inventory, DATABASE, "6379", "TCP")).isTrue();
    assertThat(policies.egressAllows(inventory, elsewhere, "6379", "TCP")).isFalse();
    // and by default, never any address: the namespace's pods only
    Manifests defaults = Chart.render(Scenarios.DEFAULTS);
    assertThat(new NetworkPolicies(defaults).egressAllows(pods(defaults).get("order"), MANAGED_DATABASE, "5432",
        "TCP")).isFalse();
  }

  @Test
  void aDatabaseWithoutAddressesDoesNotRender() {
    assertThatThrownBy(() -> Chart.render(Scenarios.DEFAULTS.set("networkPolicy.redis.to", "null")))
        .hasMessageContaining("networkPolicy.redis allows no address")
        .hasMessageContaining("networkPolicy.redis.cidrs");
  }

  @Test
  void tracingOpensEgressToTheCollectorOnlyWhenConfigured() {
    Peer collector = Peer.outside("an OTLP collector", "10.3.0.7");
    Manifests off = Chart.render(Scenarios.DEFAULTS);
    Manifests on = Chart.render(Scenarios.EVERYTHING_ELSE);
    assertThat(new NetworkPolicies(off).egressAllows(pods(off).get("order"), collector, "4318", "TCP")).isFalse();
    assertThat(new NetworkPolicies(on).egressAllows(pods(on).get("order"), collector, "4318", "TCP")).isTrue();
  }

  @Test
  void prodAdmitsOnlyTheIngressControllerToTheGateway() {
    Manifests manifests = Chart.render(Scenarios.PROD);
    NetworkPolicies policies = new NetworkPolicies(manifests);
    Peer gateway = pods(manifests).get("gateway");
    assertThat(policies.ingressAllows(INGRESS_CONTROLLER, gateway, "http", "TCP")).isTrue();
    for (Peer other : List.of(INTERNET, OTHER_NAMESPACE, STRANGER, PROMETHEUS)) {
      assertThat(policies.ingressAllows(other, gateway, "http", "TCP")).as("%s", other).isFalse();
    }
    assertThat(policies.ingressAllows(PROMETHEUS, gateway, "management", "TCP")).isTrue();
    // narrowing the gateway's callers keeps the storefront's API calls (its pages) working
    Peer storefront = pods(manifests).get("storefront");
    assertThat(policies.allows(storefront, gateway, "http", "TCP")).as("storefront -> gateway").isTrue();
    assertThat(policies.allows(gateway, storefront, "http", "TCP")).as("gateway -> storefront").isTrue();
    assertThat(policies.ingressAllows(INGRESS_CONTROLLER, storefront, "http", "TCP")).isFalse();
  }

  @Test
  void theConsoleReachesPrometheusOnlyWhenConfigured() {
    Peer prometheus = Peer.pod("Prometheus's API", "monitoring", Map.of("app.kubernetes.io/name", "prometheus"),
        "10.1.0.9");
    Manifests off = Chart.render(Scenarios.DEFAULTS);
    Manifests on = Chart.render(Scenarios.DEFAULTS.set("services.storefront.console.prometheusUrl",
        "http://prometheus.monitoring:9090"));
    assertThat(new NetworkPolicies(off).egressAllows(pods(off).get("storefront"), prometheus, "9090", "TCP"))
        .isFalse();
    assertThat(new NetworkPolicies(on).egressAllows(pods(on).get("storefront"), prometheus, "9090", "TCP")).isTrue();
    assertThat(new NetworkPolicies(on).egressAllows(pods(on).get("gateway"), prometheus, "9090", "TCP"))
        .as("the storefront's console only").isFalse();
  }

  @Test
  void everyPodOfTheReleaseIsIsolatedBothWays() {
    Manifests manifests = Chart.render(Scenarios.DEFAULTS);
    for (ObjectNode policy : manifests.ofKind("NetworkPolicy")) {
      assertThat(policy.at("/spec/policyTypes").toString()).contains("Ingress", "Egress");
    }
    assertThat(manifests.ofKind("NetworkPolicy")).hasSameSizeAs(manifests.ofKind("Deployment"));
    // and with the policies off, everything is open: the evaluator is not blind
    Manifests open = Chart.render(Scenarios.NO_NETWORK_POLICY);
    assertThat(new NetworkPolicies(open).allows(INTERNET, pods(open).get("payment"), "management", "TCP")).isTrue();
  }

  @Test
  void theEvaluatorFollowsTheApiSemantics() {
    assertThat(NetworkPolicies.inCidr("10.1.2.3", "10.0.0.0/8")).isTrue();
    assertThat(NetworkPolicies.inCidr("11.1.2.3", "10.0.0.0/8")).isFalse();
    assertThat(NetworkPolicies.inCidr("1.2.3.4", "0.0.0.0/0")).isTrue();
    var selector = Yaml.read("""
        matchLabels: { a: "1" }
        matchExpressions:
          - { key: b, operator: In, values: [x, y] }
          - { key: c, operator: DoesNotExist }
        """);
    assertThat(NetworkPolicies.selects(selector, Map.of("a", "1", "b", "y"))).isTrue();
    assertThat(NetworkPolicies.selects(selector, Map.of("a", "1", "b", "z"))).isFalse();
    assertThat(NetworkPolicies.selects(selector, Map.of("a", "1", "b", "x", "c", ""))).isFalse();
    assertThat(NetworkPolicies.selects(Yaml.read("{}"), Map.of())).isTrue();
  }

  /** One pod per service's Deployment, keyed by service (gateway, user, ...); the Redis exporter's is not among them. */
  private static Map<String, Peer> pods(Manifests manifests) {
    Map<String, Peer> pods = new LinkedHashMap<>();
    int host = 10;
    for (ObjectNode deployment : manifests.services().ofKind("Deployment")) {
      String component = deployment.at("/spec/template/metadata/labels/app.kubernetes.io~1component").asText();
      pods.put(component, Peer.of(deployment, "10.244.0." + host++));
    }
    return pods;
  }
}
