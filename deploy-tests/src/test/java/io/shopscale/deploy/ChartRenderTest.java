package io.shopscale.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.Quantity;
import io.shopscale.deploy.Chart.Values;
import io.shopscale.deploy.Manifests.Container;
import io.shopscale.deploy.NetworkPolicies.Peer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Rules every render of the chart keeps, whatever the values, and what the main value switches do. */
class ChartRenderTest {

  /** Spring's graceful shutdown: server.shutdown=graceful with 20 s per phase (platform defaults). */
  private static final int SPRING_SHUTDOWN_PHASE_SECONDS = 20;

  // ---------------------------------------------------------------------------------------------------------------
  // Rules for every scenario
  // ---------------------------------------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.shopscale.deploy.Scenarios#all")
  void everyContainerRunsRestricted(String scenario, Values values) {
    Manifests manifests = Chart.render(values);
    assertThat(manifests.containers()).isNotEmpty();
    for (Container c : manifests.containers()) {
      JsonNode pod = c.podSpec().path("securityContext");
      JsonNode own = c.container().path("securityContext");
      assertThat(own.path("runAsNonRoot").asBoolean() || pod.path("runAsNonRoot").asBoolean())
          .as("%s runAsNonRoot", c).isTrue();
      long uid = own.has("runAsUser") ? own.path("runAsUser").asLong() : pod.path("runAsUser").asLong(-1);
      assertThat(uid).as("%s runs as a numeric non-root uid", c).isPositive();
      assertThat(own.path("readOnlyRootFilesystem").asBoolean()).as("%s readOnlyRootFilesystem", c).isTrue();
      assertThat(own.path("allowPrivilegeEscalation").isBoolean() && !own.path("allowPrivilegeEscalation").asBoolean())
          .as("%s allowPrivilegeEscalation: false", c).isTrue();
      assertThat(own.path("privileged").asBoolean(false)).as("%s privileged", c).isFalse();
      assertThat(texts(own.path("capabilities").path("drop"))).as("%s drops ALL capabilities", c).contains("ALL");
      assertThat(own.path("capabilities").path("add").isEmpty()).as("%s adds no capability", c).isTrue();
      String seccomp = own.path("seccompProfile").path("type").asText(pod.path("seccompProfile").path("type").asText());
      assertThat(seccomp).as("%s seccomp profile", c).isEqualTo("RuntimeDefault");
      // a read-only root needs a writable /tmp: an emptyDir
      JsonNode tmp = mountAt(c, "/tmp");
      assertThat(tmp).as("%s mounts /tmp", c).isNotNull();
      assertThat(volume(c, tmp.path("name").asText()).has("emptyDir")).as("%s /tmp is an emptyDir", c).isTrue();
      assertThat(c.podSpec().path("automountServiceAccountToken").asBoolean(true))
          .as("%s pod without an API token", c.deployment()).isFalse();
      assertThat(c.podSpec().path("hostNetwork").asBoolean(false) || c.podSpec().path("hostPID").asBoolean(false))
          .isFalse();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.shopscale.deploy.Scenarios#all")
  void everyContainerHasItsProbesOnTheManagementPort(String scenario, Values values) {
    for (Container c : Chart.render(values).services().containers()) {
      JsonNode container = c.container();
      for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
        assertThat(container.path(probe).path("httpGet").isObject()).as("%s has an HTTP %s", c, probe).isTrue();
        assertThat(container.path(probe).path("httpGet").path("port").asText())
            .as("%s %s on the management port", c, probe).isEqualTo("management");
      }
      // liveness never depends on the database (docs/api.md: each service serves these two groups)
      assertThat(container.at("/livenessProbe/httpGet/path").asText()).as("%s liveness", c)
          .isEqualTo("/actuator/health/liveness");
      assertThat(container.at("/readinessProbe/httpGet/path").asText()).as("%s readiness", c)
          .isEqualTo("/actuator/health/readiness");
      assertThat(container.at("/startupProbe/httpGet/path").asText()).as("%s startup", c)
          .isEqualTo("/actuator/health/liveness");
      int startupBudget = container.at("/startupProbe/periodSeconds").asInt()
          * container.at("/startupProbe/failureThreshold").asInt();
      assertThat(startupBudget).as("%s: seconds a JVM gets to start", c).isBetween(120, 600);
      assertThat(containerPort(c, "management")).as("%s declares its management port", c).isPositive();
      assertThat(containerPort(c, "http")).as("%s declares its http port", c).isPositive();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.shopscale.deploy.Scenarios#all")
  void everyContainerHasResourcesAndShutsDownGracefully(String scenario, Values values) {
    for (Container c : Chart.render(values).services().containers()) {
      JsonNode resources = c.container().path("resources");
      for (String bound : List.of("requests", "limits")) {
        for (String resource : List.of("cpu", "memory")) {
          assertThat(resources.path(bound).path(resource).isMissingNode()).as("%s %s.%s", c, bound, resource).isFalse();
        }
      }
      // a JVM's heap follows its memory limit: the node must be able to give it all (no overcommitted memory)
      assertThat(bytes(resources.at("/requests/memory"))).as("%s memory request = limit", c)
          .isEqualTo(bytes(resources.at("/limits/memory")));
      assertThat(millicores(resources.at("/requests/cpu"))).as("%s cpu request <= limit", c)
          .isLessThanOrEqualTo(millicores(resources.at("/limits/cpu")));

      int preStop = c.container().at("/lifecycle/preStop/sleep/seconds").asInt(-1);
      assertThat(preStop).as("%s preStop sleep (endpoints drain before SIGTERM)", c).isBetween(3, 30);
      int grace = c.podSpec().path("terminationGracePeriodSeconds").asInt(30);
      assertThat(grace).as("%s grace period covers preStop + Spring's shutdown phase", c)
          .isGreaterThan(preStop + SPRING_SHUTDOWN_PHASE_SECONDS);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.shopscale.deploy.Scenarios#all")
  void onlyTheGatewayIsExposedAndNoServiceExposesTheActuator(String scenario, Values values) {
    Manifests manifests = Chart.render(values);
    for (ObjectNode service : manifests.services().ofKind("Service")) {
      String name = Manifests.name(service);
      List<String> ports = new ArrayList<>();
      service.at("/spec/ports").forEach(p -> ports.add(p.path("targetPort").asText()));
      if (name.endsWith("-metrics")) {
        assertThat(ports).as("%s: management only", name).containsExactly("management");
        assertThat(service.at("/spec/clusterIP").asText()).as("%s is headless", name).isEqualTo("None");
        assertThat(service.at("/metadata/labels/shopscale.io~1metrics").asText()).isEqualTo("true");
      }
      else {
        assertThat(ports).as("%s: the HTTP port only, never the actuator's", name).containsExactly("http");
        String type = service.at("/spec/type").asText("ClusterIP");
        if (!name.endsWith("gateway-service")) {
          assertThat(type).as("%s is internal", name).isEqualTo("ClusterIP");
        }
      }
    }
    for (ObjectNode ingress : manifests.ofKind("Ingress")) {
      ingress.at("/spec/rules").forEach(rule -> rule.at("/http/paths").forEach(path -> {
        assertThat(path.at("/backend/service/name").asText()).endsWith("gateway-service");
        assertThat(path.at("/backend/service/port/name").asText()).isEqualTo("http");
      }));
    }
  }

  /** Every name an object refers to exists in the render, or is one of the Secrets made outside the chart. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.shopscale.deploy.Scenarios#all")
  void everyReferenceResolves(String scenario, Values values) {
    Manifests manifests = Chart.render(values);
    Set<String> external = externalSecrets(values);
    List<ObjectNode> deployments = manifests.ofKind("Deployment");
    assertThat(deployments).isNotEmpty();
    for (ObjectNode deployment : deployments) {
      String name = Manifests.name(deployment);
      JsonNode selector = deployment.at("/spec/selector/matchLabels");
      JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
      assertThat(matches(selector, podLabels)).as("%s selector matches its pods", name).isTrue();
      JsonNode pod = deployment.at("/spec/template/spec");
      assertThat(manifests.find("ServiceAccount", pod.path("serviceAccountName").asText()))
          .as("%s service account", name).isPresent();
      for (Container c : new Manifests(List.of(deployment)).containers()) {
        c.container().path("envFrom").forEach(from -> {
          if (from.has("configMapRef")) {
            assertThat(manifests.find("ConfigMap", from.at("/configMapRef/name").asText())).as("%s envFrom", c)
                .isPresent();
          }
        });
        c.container().path("env").forEach(env -> {
          JsonNode ref = env.at("/valueFrom/secretKeyRef");
          if (!ref.isMissingNode()) {
            assertSecretHasKey(manifests, external, ref.path("name").asText(), ref.path("key").asText(), c + " env");
          }
        });
        c.container().path("volumeMounts").forEach(m -> assertThat(volume(c, m.path("name").asText()))
            .as("%s mounts a declared volume", c).isNotNull());
      }
      pod.path("volumes").forEach(v -> {
        if (v.has("secret")) {
          v.at("/secret/items").forEach(item -> assertSecretHasKey(manifests, external,
              v.at("/secret/secretName").asText(), item.path("key").asText(), name + " volume"));
        }
      });
      // the checksum annotation rolls the pods when their ConfigMap changes (the exporter has none: its env is inline)
      if (!Manifests.isRedisExporter(deployment)) {
        assertThat(deployment.at("/spec/template/metadata/annotations/checksum~1config").asText()).hasSize(64);
      }
    }
    for (ObjectNode service : manifests.ofKind("Service")) {
      assertThat(deployments.stream().filter(d -> matches(service.at("/spec/selector"),
          d.at("/spec/template/metadata/labels"))).count()).as("%s selects one Deployment", Manifests.key(service))
          .isEqualTo(1);
    }
    for (ObjectNode hpa : manifests.ofKind("HorizontalPodAutoscaler")) {
      assertThat(hpa.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
      assertThat(manifests.find("Deployment", hpa.at("/spec/scaleTargetRef/name").asText()))
          .as("%s target", Manifests.key(hpa)).isPresent();
      assertThat(hpa.at("/spec/minReplicas").asInt()).isLessThanOrEqualTo(hpa.at("/spec/maxReplicas").asInt());
    }
    for (String kind : List.of("PodDisruptionBudget", "NetworkPolicy")) {
      for (ObjectNode object : manifests.ofKind(kind)) {
        JsonNode selector = kind.equals("NetworkPolicy")
            ? object.at("/spec/podSelector/matchLabels")
            : object.at("/spec/selector/matchLabels");
        assertThat(deployments.stream().filter(d -> matches(selector, d.at("/spec/template/metadata/labels"))).count())
            .as("%s selects one Deployment's pods", Manifests.key(object)).isEqualTo(1);
      }
    }
    for (ObjectNode monitor : manifests.ofKind("ServiceMonitor")) {
      List<ObjectNode> scraped = manifests.ofKind("Service").stream()
          .filter(s -> matches(monitor.at("/spec/selector/matchLabels"), s.at("/metadata/labels"))).toList();
      List<String> expected = Manifests.isRedisExporter(monitor)
          ? List.of(Manifests.name(monitor))
          : manifests.services().ofKind("Deployment").stream().map(d -> Manifests.name(d) + "-metrics").toList();
      assertThat(scraped).extracting(Manifests::name).as("%s scrapes the metrics Services", Manifests.key(monitor))
          .containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.shopscale.deploy.Scenarios#all")
  void everyObjectIsLabelledAndNamedAfterItsService(String scenario, Values values) {
    Manifests manifests = Chart.render(values);
    for (ObjectNode object : manifests.all()) {
      JsonNode labels = object.at("/metadata/labels");
      assertThat(labels.path("app.kubernetes.io/part-of").asText()).as(Manifests.key(object)).isEqualTo("shopscale");
      assertThat(labels.path("app.kubernetes.io/instance").asText()).as(Manifests.key(object)).isEqualTo(Chart.RELEASE);
      assertThat(labels.path("app.kubernetes.io/managed-by").asText()).as(Manifests.key(object)).isEqualTo("Helm");
      assertThat(object.at("/metadata/namespace").isMissingNode())
          .as("%s: the namespace is the release's (or the overlay's)", Manifests.key(object)).isTrue();
      assertThat(Manifests.name(object)).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").hasSizeLessThanOrEqualTo(63);
    }
    for (Container c : manifests.services().containers()) {
      // the alert rules select containers and HPAs by these names (observability/prometheus/alert-rules.yml)
      assertThat(c.name()).matches("((gateway|user|inventory|order|payment)-service|storefront)");
      assertThat(c.deployment()).endsWith(c.name());
      // image.digest, when set, follows the tag: [registry/]repository/<service>:<tag>@sha256:...
      assertThat(c.container().path("image").asText().replaceFirst("@sha256:[0-9a-f]{64}$", ""))
          .endsWith("/" + c.name() + ":" + expectedTag(values))
          .doesNotContain("//");
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Defaults and switches
  // ---------------------------------------------------------------------------------------------------------------

  @Test
  void byDefaultEveryServiceHasAnHpaOnCpuAndAPdb() {
    Manifests manifests = Chart.render(Scenarios.DEFAULTS).services();
    assertThat(manifests.ofKind("Deployment")).extracting(Manifests::name).containsExactlyInAnyOrder(
        "shopscale-gateway-service", "shopscale-user-service", "shopscale-inventory-service",
        "shopscale-order-service", "shopscale-payment-service", "shopscale-storefront");
    for (ObjectNode deployment : manifests.ofKind("Deployment")) {
      String name = Manifests.name(deployment);
      if (name.equals("shopscale-storefront")) {
        continue; // one replica, no HPA: theStorefrontRunsOnePodThatOnlyTheGatewayCalls
      }
      assertThat(deployment.at("/spec/replicas").isMissingNode()).as("%s leaves replicas to its HPA", name).isTrue();
      ObjectNode hpa = manifests.get("HorizontalPodAutoscaler", name);
      assertThat(hpa.path("apiVersion").asText()).isEqualTo("autoscaling/v2");
      assertThat(hpa.at("/spec/minReplicas").asInt()).as("%s survives losing a pod", name).isGreaterThanOrEqualTo(2);
      JsonNode metrics = hpa.at("/spec/metrics");
      assertThat(metrics).as("CPU only: the requests/s metric needs the Prometheus adapter (opt-in)").hasSize(1);
      assertThat(metrics.get(0).at("/resource/name").asText()).isEqualTo("cpu");
      assertThat(metrics.get(0).at("/resource/target/averageUtilization").asInt()).isEqualTo(70);
      assertThat(hpa.at("/spec/behavior/scaleDown/stabilizationWindowSeconds").asInt()).isPositive();
      ObjectNode pdb = manifests.get("PodDisruptionBudget", name);
      assertThat(pdb.path("apiVersion").asText()).isEqualTo("policy/v1");
      assertThat(pdb.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
      assertThat(pdb.has("minAvailable")).isFalse();
    }
    assertThat(manifests.ofKind("NetworkPolicy")).hasSize(6);
    assertThat(manifests.ofKind("ServiceMonitor")).as("no Prometheus Operator API, no ServiceMonitor").isEmpty();
    assertThat(manifests.ofKind("PrometheusRule")).isEmpty();
    assertThat(manifests.ofKind("Ingress")).isEmpty();
  }

  @Test
  void theRequestsPerSecondMetricIsOptIn() {
    Manifests manifests = Chart.render(Scenarios.CHART_CONVENTIONS);
    for (ObjectNode hpa : manifests.ofKind("HorizontalPodAutoscaler")) {
      JsonNode metrics = hpa.at("/spec/metrics");
      assertThat(metrics).hasSize(2);
      assertThat(metrics.get(1).path("type").asText()).isEqualTo("Pods");
      assertThat(metrics.get(1).at("/pods/metric/name").asText()).isEqualTo("http_server_requests_per_second");
      assertThat(metrics.get(1).at("/pods/target/type").asText()).isEqualTo("AverageValue");
    }
    assertThat(manifests.get("HorizontalPodAutoscaler", "shopscale-gateway-service")
        .at("/spec/metrics/1/pods/target/averageValue").asText()).isEqualTo("100");
    assertThat(manifests.get("HorizontalPodAutoscaler", "shopscale-user-service")
        .at("/spec/metrics/1/pods/target/averageValue").asText()).isEqualTo("50");
  }

  @Test
  void anIngressWithoutTrustedProxiesDoesNotRender() {
    assertThatThrownBy(() -> Chart.render(Scenarios.DEFAULTS.set("ingress.enabled", "true")))
        .hasMessageContaining("services.gateway.trustedProxies");
  }

  @Test
  void chartConventionsReachThePods() {
    Manifests manifests = Chart.render(Scenarios.CHART_CONVENTIONS).services();
    for (ObjectNode deployment : manifests.ofKind("Deployment")) {
      JsonNode pod = deployment.at("/spec/template");
      assertThat(pod.at("/spec/containers/0/image").asText()).as("global.imageRegistry, tag, digest")
          .matches("mirror\\.example\\.com/shopscale/([a-z]+-service|storefront):0\\.1\\.0-SNAPSHOT@sha256:a{64}");
      assertThat(pod.at("/metadata/labels/team").asText()).isEqualTo("shop");
      assertThat(pod.at("/spec/priorityClassName").asText()).isEqualTo("shopscale-high");
      assertThat(pod.at("/spec/containers/0/envFrom").toString()).contains("shopscale-extra");
    }
    assertThat(manifests.get("Deployment", "shopscale-order-service").at("/spec/template/metadata/labels/tier")
        .asText()).isEqualTo("core");
    assertThat(manifests.get("Deployment", "shopscale-payment-service")
        .at("/spec/template/spec/containers/0/envFrom").toString()).contains("payment-extra", "shopscale-extra");
    assertThat(Chart.render(Scenarios.DEFAULTS.set("global.imageRegistry", "mirror.example.com")
        .set("image.registry", "registry.example.com")).get("Deployment", "shopscale-user-service")
        .at("/spec/template/spec/containers/0/image").asText())
        .as("image.registry wins over global.imageRegistry")
        .isEqualTo("registry.example.com/shopscale/user-service:0.1.0-SNAPSHOT");
  }

  @Test
  void withoutHpaDeploymentsHaveFixedReplicas() {
    Manifests manifests = Chart.render(Scenarios.HPA_OFF).services();
    assertThat(manifests.ofKind("HorizontalPodAutoscaler")).isEmpty();
    assertThat(manifests.ofKind("PodDisruptionBudget")).hasSize(6);
    manifests.ofKind("Deployment").forEach(d -> assertThat(d.at("/spec/replicas").asInt())
        .isEqualTo(Manifests.name(d).equals("shopscale-storefront") ? 1 : 2));
  }

  @Test
  void pdbCanBeTurnedOff() {
    Manifests manifests = Chart.render(Scenarios.PDB_OFF);
    assertThat(manifests.ofKind("PodDisruptionBudget")).isEmpty();
    assertThat(manifests.ofKind("HorizontalPodAutoscaler")).hasSize(5);
  }

  @Test
  void devAndProdSizes() {
    Manifests dev = Chart.render(Scenarios.DEV);
    dev.ofKind("HorizontalPodAutoscaler").forEach(hpa -> {
      assertThat(hpa.at("/spec/minReplicas").asInt()).isEqualTo(1);
      assertThat(hpa.at("/spec/maxReplicas").asInt()).isEqualTo(2);
      assertThat(hpa.at("/spec/metrics")).as("dev: CPU only, no Prometheus adapter").hasSize(1);
    });
    dev.services().containers()
        .forEach(c -> assertThat(c.container().at("/resources/limits/memory").asText()).isEqualTo("640Mi"));

    Manifests prod = Chart.render(Scenarios.PROD);
    prod.ofKind("HorizontalPodAutoscaler").forEach(hpa -> {
      assertThat(hpa.at("/spec/minReplicas").asInt()).as("one per zone").isEqualTo(3);
      assertThat(hpa.at("/spec/maxReplicas").asInt())
          .isEqualTo(Manifests.name(hpa).endsWith("gateway-service") ? 20 : 10);
      assertThat(hpa.at("/spec/metrics")).as("prod: CPU; requests/s once the adapter is installed").hasSize(1);
    });
    assertThat(prod.get("ConfigMap", "shopscale-gateway-service").at("/data/GATEWAY_TRUSTED_PROXIES").asText())
        .as("prod: behind the ingress, the gateway believes its X-Forwarded-For").isNotBlank();
    prod.services().containers().forEach(c -> {
      assertThat(c.container().at("/resources/requests/cpu").asText()).isEqualTo("500m");
      assertThat(c.container().at("/resources/limits/memory").asText()).isEqualTo("1Gi");
      assertThat(c.container().path("image").asText()).endsWith(":0.1.0");
    });
    assertThat(prod.ofKind("Secret")).as("prod: Secrets made outside the chart").isEmpty();
    assertThat(prod.ofKind("Ingress")).hasSize(1);
    assertThat(prod.ofKind("ServiceMonitor")).as("the services' and the Redis exporter's").hasSize(2);
    assertThat(prod.ofKind("PrometheusRule")).hasSize(2);
    prod.ofKind("PrometheusRule").forEach(rule -> assertThat(rule.at("/metadata/labels/release").asText())
        .isEqualTo("kube-prometheus-stack"));
  }

  @Test
  void placeholderSecretsFailTheInstallAndSayWhatToSet() throws Exception {
    try (FakeKubernetesApi cluster = new FakeKubernetesApi(false)) {
      // as shipped, into a namespace without our Secrets: the first password met is a placeholder
      assertThatThrownBy(() -> dryRunInstall(cluster, Map.of()))
          .hasMessageContaining("is the placeholder \"change-me\"")
          .hasMessageContaining("existingSecret");
      Map<String, String> passwords = new LinkedHashMap<>(Map.of("services.user.database.password", "u-secret",
          "services.inventory.database.password", "i-secret", "services.order.database.password", "o-secret",
          "services.payment.database.password", "p-secret", "services.user.signingKey.privateKey", "PEM-1"));
      // every database password and the key, but the Redis and Kafka logins still the placeholders
      assertThatThrownBy(() -> dryRunInstall(cluster, passwords))
          .hasMessageContaining("redis.auth.password is the placeholder \"change-me\"")
          .hasMessageContaining("redis.auth.existingSecret");
      passwords.put("redis.auth.password", "r-secret");
      assertThatThrownBy(() -> dryRunInstall(cluster, passwords))
          .hasMessageContaining("kafka.sasl.password is the placeholder \"change-me\"")
          .hasMessageContaining("kafka.sasl.existingSecret");
      passwords.put("kafka.sasl.password", "k-secret");
      // every password set, but no signing key
      Map<String, String> withoutKey = new LinkedHashMap<>(passwords);
      withoutKey.remove("services.user.signingKey.privateKey");
      assertThatThrownBy(() -> dryRunInstall(cluster, withoutKey))
          .hasMessageContaining("services.user.signingKey.privateKey is missing");
      // with everything it installs
      dryRunInstall(cluster, passwords);
    }
  }

  @Test
  void anUpgradeWithoutTheSecretValuesKeepsWhatTheClustersSecretsHold() throws Exception {
    // given the Secrets an earlier install made, and an upgrade that passes none of their values
    try (FakeKubernetesApi cluster = new FakeKubernetesApi(false)) {
      for (String service : List.of("user", "inventory", "order", "payment")) {
        cluster.holding(SECRETS + "shopscale-" + service + "-service-db", secret("password", "kept-" + service));
      }
      cluster.holding(SECRETS + "shopscale-user-service-signing-key", secret("private-key.pem", "PEM-kept"));
      cluster.holding(SECRETS + "shopscale-redis", secret("password", "kept-redis"));
      cluster.holding(SECRETS + "shopscale-kafka", secret("password", "kept-kafka"));
      // when it renders, then it does not fail on the placeholders: it looked up and kept each Secret
      dryRunInstall(cluster, Map.of());
      assertThat(cluster.requests()).contains("GET " + SECRETS + "shopscale-order-service-db",
          "GET " + SECRETS + "shopscale-user-service-signing-key", "GET " + SECRETS + "shopscale-redis",
          "GET " + SECRETS + "shopscale-kafka");
    }
  }

  private static final String SECRETS = "/api/v1/namespaces/shopscale-test/secrets/";

  private static ObjectNode secret(String key, String value) {
    ObjectNode secret = JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "Secret");
    // made by the earlier release: Helm adopts only objects that carry its ownership marks
    ObjectNode metadata = secret.putObject("metadata");
    metadata.putObject("labels").put("app.kubernetes.io/managed-by", "Helm");
    metadata.putObject("annotations").put("meta.helm.sh/release-name", Chart.RELEASE)
        .put("meta.helm.sh/release-namespace", "shopscale-test");
    secret.putObject("data").put(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
    return secret;
  }

  private static void dryRunInstall(FakeKubernetesApi cluster, Map<String, String> sets) {
    var install = new Helm(Repository.CHART).install().withName(Chart.RELEASE).withNamespace("shopscale-test")
        .dryRun().withDryRunOption(DryRun.SERVER).disableOpenApiValidation()
        .withKubeConfigContents(cluster.kubeconfig("shopscale-test"));
    for (Map.Entry<String, String> set : sets.entrySet()) {
      install = install.set(set.getKey(), set.getValue());
    }
    install.call();
  }

  @Test
  void aChangedChartMadeSecretRollsOnlyThePodsThatUseIt() {
    Manifests before = Chart.render(Scenarios.DEFAULTS);
    Manifests after = Chart.render(Scenarios.DEFAULTS.set("services.order.database.password", "rotated"));
    String annotation = "/spec/template/metadata/annotations/checksum~1secrets";
    assertThat(after.get("Deployment", "shopscale-order-service").at(annotation).asText())
        .isNotBlank().isNotEqualTo(before.get("Deployment", "shopscale-order-service").at(annotation).asText());
    assertThat(after.get("Deployment", "shopscale-inventory-service").at(annotation).asText())
        .isEqualTo(before.get("Deployment", "shopscale-inventory-service").at(annotation).asText());
  }

  @Test
  void secretsAreChartMadePlaceholdersOrComeFromOutside() {
    Manifests defaults = Chart.render(Scenarios.DEFAULTS);
    assertThat(defaults.ofKind("Secret")).extracting(Manifests::name).containsExactlyInAnyOrder(
        "shopscale-user-service-db", "shopscale-inventory-service-db", "shopscale-order-service-db",
        "shopscale-payment-service-db", "shopscale-user-service-signing-key", "shopscale-redis", "shopscale-kafka");
    // nothing that could be a real secret is committed: placeholders only
    defaults.ofKind("Secret").forEach(secret -> {
      assertThat(secret.has("data")).isFalse();
      secret.path("stringData").properties().forEach(e -> assertThat(e.getValue().asText())
          .as("%s %s", Manifests.name(secret), e.getKey())
          .matches("change-me|k8s-1|shopscale|REPLACE-ME: .*")
          .doesNotContain("PRIVATE KEY"));
    });
    assertThat(Chart.render(Scenarios.SECRETS_OUTSIDE).ofKind("Secret")).isEmpty();

    Manifests existing = Chart.render(Scenarios.EXISTING_SECRETS);
    assertThat(existing.find("Secret", "shopscale-user-service-db")).isEmpty();
    assertThat(existing.find("Secret", "shopscale-user-service-signing-key")).isEmpty();
    assertThat(existing.find("Secret", "shopscale-inventory-service-db")).isPresent();
    ObjectNode user = existing.get("Deployment", "shopscale-user-service");
    Map<String, JsonNode> env = envByName(user);
    assertThat(env.get("USER_DB_PASSWORD").at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("users-db");
    assertThat(env.get("SHOPSCALE_USER_KEYS_0_KID").at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("jwt-key");
    assertThat(env.get("REDIS_URL").at("/valueFrom/secretKeyRef").toString()).contains("redis-url", "\"url\"");
    assertThat(existing.get("ConfigMap", "shopscale-user-service").at("/data/REDIS_URL").isMissingNode()).isTrue();
  }

  @Test
  void byDefaultServicesLogInToRedisAndToKafkaOverTlsWithCredentialsFromSecrets() {
    Manifests manifests = Chart.render(Scenarios.DEFAULTS);
    for (String service : List.of("gateway", "user", "inventory", "order", "payment")) {
      String name = "shopscale-" + service + "-service";
      Map<String, JsonNode> env = envByName(manifests.get("Deployment", name));
      JsonNode config = manifests.get("ConfigMap", name).path("data");
      boolean redis = !service.equals("order") && !service.equals("payment");
      boolean kafka = !service.equals("gateway");
      assertThat(env.containsKey("SPRING_DATA_REDIS_PASSWORD")).as("%s Redis password", service).isEqualTo(redis);
      assertThat(config.path("SPRING_KAFKA_SECURITY_PROTOCOL").asText(null)).as("%s Kafka protocol", service)
          .isEqualTo(kafka ? "SASL_SSL" : null);
      if (redis) {
        assertThat(env.get("SPRING_DATA_REDIS_PASSWORD").at("/valueFrom/secretKeyRef").toString())
            .contains("\"shopscale-redis\"", "\"password\"");
        assertThat(config.path("SPRING_DATA_REDIS_USERNAME").asText()).isEqualTo("shopscale");
        assertThat(config.path("REDIS_URL").asText()).as("no credentials in a ConfigMap").doesNotContain("@");
      }
      if (kafka) {
        assertThat(config.path("KAFKA_SASL_MECHANISM").asText()).isEqualTo("SCRAM-SHA-512");
        for (String variable : List.of("KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD")) {
          assertThat(env.get(variable).at("/valueFrom/secretKeyRef/name").asText()).as("%s %s", service, variable)
              .isEqualTo("shopscale-kafka");
        }
      }
    }
    ObjectNode kafkaLogin = manifests.get("Secret", "shopscale-kafka");
    assertThat(kafkaLogin.at("/stringData/username").asText()).isEqualTo("shopscale");
    assertThat(manifests.get("Secret", "shopscale-redis").at("/stringData/password").asText()).isEqualTo("change-me");
  }

  @Test
  void theBrokersAndRedissCaComesFromASecretOrConfigMapAndItsLoginsFromSecretsOfYours() {
    Manifests manifests = Chart.render(Scenarios.DEFAULTS.set("kafka.tls.caSecret", "kafka-cluster-ca-cert")
        .set("redis.tls.enabled", "true").set("redis.tls.caConfigMap", "redis-ca").set("redis.tls.caKey", "ca.pem")
        .set("kafka.sasl.existingSecret", "kafka-login").set("redis.auth.existingSecret", "redis-login")
        .set("redis.auth.username", ""));
    ObjectNode inventory = manifests.get("Deployment", "shopscale-inventory-service");
    JsonNode config = manifests.get("ConfigMap", "shopscale-inventory-service").path("data");
    Container container = new Manifests(List.of(inventory)).containers().get(0);
    assertThat(config.path("SPRING_KAFKA_SSL_BUNDLE").asText()).isEqualTo("kafka");
    assertThat(config.path("SPRING_SSL_BUNDLE_PEM_KAFKA_TRUSTSTORE_CERTIFICATE").asText())
        .isEqualTo("file:/etc/shopscale/kafka-ca/ca.crt");
    assertThat(volume(container, mountAt(container, "/etc/shopscale/kafka-ca").path("name").asText())
        .at("/secret/secretName").asText()).isEqualTo("kafka-cluster-ca-cert");
    assertThat(config.path("SPRING_DATA_REDIS_SSL_ENABLED").asText()).isEqualTo("true");
    assertThat(config.path("SPRING_SSL_BUNDLE_PEM_REDIS_TRUSTSTORE_CERTIFICATE").asText())
        .isEqualTo("file:/etc/shopscale/redis-ca/ca.pem");
    assertThat(volume(container, mountAt(container, "/etc/shopscale/redis-ca").path("name").asText())
        .at("/configMap/name").asText()).isEqualTo("redis-ca");
    assertThat(config.has("SPRING_DATA_REDIS_USERNAME")).as("the default user").isFalse();
    Map<String, JsonNode> env = envByName(inventory);
    assertThat(env.get("KAFKA_SASL_PASSWORD").at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("kafka-login");
    assertThat(env.get("SPRING_DATA_REDIS_PASSWORD").at("/valueFrom/secretKeyRef/name").asText())
        .isEqualTo("redis-login");
    assertThat(manifests.find("Secret", "shopscale-kafka")).isEmpty();
    assertThat(manifests.find("Secret", "shopscale-redis")).isEmpty();
    // the gateway uses no Kafka: no broker CA either
    Container gateway = new Manifests(List.of(manifests.get("Deployment", "shopscale-gateway-service"))).containers()
        .get(0);
    assertThat(mountAt(gateway, "/etc/shopscale/kafka-ca")).isNull();
    // and plain text stays possible, e.g. for a throw-away cluster
    Manifests plain = Chart.render(Scenarios.DEFAULTS.set("kafka.sasl.enabled", "false")
        .set("kafka.tls.enabled", "false").set("redis.auth.enabled", "false"));
    assertThat(plain.get("ConfigMap", "shopscale-order-service").at("/data/SPRING_KAFKA_SECURITY_PROTOCOL").asText())
        .isEqualTo("PLAINTEXT");
    assertThat(envByName(plain.get("Deployment", "shopscale-order-service"))).doesNotContainKey("KAFKA_SASL_PASSWORD");
    assertThat(plain.find("Secret", "shopscale-redis")).isEmpty();
  }

  @Test
  void userServiceReadsItsSigningKeyFromASecret() {
    Manifests manifests = Chart.render(Scenarios.DEFAULTS);
    ObjectNode user = manifests.get("Deployment", "shopscale-user-service");
    JsonNode kid = envByName(user).get("SHOPSCALE_USER_KEYS_0_KID");
    assertThat(kid.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("shopscale-user-service-signing-key");
    String keyPath = manifests.get("ConfigMap", "shopscale-user-service").at("/data/SHOPSCALE_USER_KEYS_0_PRIVATEKEY")
        .asText();
    Container container = new Manifests(List.of(user)).containers().get(0);
    JsonNode mount = mountAt(container, "/etc/shopscale/keys");
    assertThat(keyPath).isEqualTo("/etc/shopscale/keys/private-key.pem");
    assertThat(mount.path("readOnly").asBoolean()).isTrue();
    JsonNode volume = volume(container, mount.path("name").asText());
    assertThat(volume.at("/secret/secretName").asText()).isEqualTo("shopscale-user-service-signing-key");
    assertThat(volume.at("/secret/defaultMode").asInt()).as("0440").isEqualTo(0440);
    // no other service sees the key
    manifests.containers().stream().filter(c -> !c.name().equals("user-service"))
        .forEach(c -> assertThat(c.podSpec().toString()).doesNotContain("signing-key"));
  }

  @Test
  void theGatewayFindsEveryServiceItRoutesTo() {
    Manifests manifests = Chart.render(Scenarios.DEFAULTS);
    JsonNode config = manifests.get("ConfigMap", "shopscale-gateway-service").path("data");
    for (String key : List.of("user", "inventory", "order", "payment")) {
      String url = config.path(key.toUpperCase() + "_SERVICE_URL").asText();
      ObjectNode service = manifests.get("Service", "shopscale-" + key + "-service");
      assertThat(url).isEqualTo("http://shopscale-" + key + "-service:" + service.at("/spec/ports/0/port").asInt());
    }
    assertThat(config.path("STOREFRONT_SERVICE_URL").asText()).as("the shop's pages and /console")
        .isEqualTo("http://shopscale-storefront:8085");
    assertThat(config.path("MANAGEMENT_SERVER_PORT").asText()).isEqualTo("9080");
    assertThat(config.has("MANAGEMENT_TRACING_EXPORT_ENABLED"))
        .as("never turned off: Boot ties trace propagation to it").isFalse();
    assertThat(config.has("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT")).as("no endpoint by default")
        .isFalse();
    assertThat(config.has("SPRING_KAFKA_BOOTSTRAP_SERVERS")).as("the gateway uses no Kafka").isFalse();
    String jwks = config.path("JWKS_URI").asText();
    assertThat(jwks).isEqualTo("http://shopscale-user-service:8081/.well-known/jwks.json");
    // order-service prices orders through inventory-service
    assertThat(manifests.get("ConfigMap", "shopscale-order-service").at("/data/INVENTORY_SERVICE_URL").asText())
        .isEqualTo("http://shopscale-inventory-service:8082");
  }

  @Test
  void theStorefrontRunsOnePodThatOnlyTheGatewayCalls() {
    Manifests manifests = Chart.render(Scenarios.DEFAULTS);
    ObjectNode deployment = manifests.get("Deployment", "shopscale-storefront");
    assertThat(deployment.at("/spec/replicas").asInt()).as("sessions live in the pod's memory").isEqualTo(1);
    assertThat(manifests.find("HorizontalPodAutoscaler", "shopscale-storefront")).isEmpty();
    assertThat(manifests.get("PodDisruptionBudget", "shopscale-storefront").at("/spec/maxUnavailable").asInt())
        .as("never blocks a drain").isEqualTo(1);
    JsonNode pod = deployment.at("/spec/template/spec");
    assertThat(pod.at("/containers/0/name").asText()).isEqualTo("storefront");
    assertThat(pod.at("/containers/0/image").asText()).isEqualTo("shopscale/storefront:0.1.0-SNAPSHOT");
    assertThat(pod.at("/containers/0/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(manifests.get("Service", "shopscale-storefront").at("/spec/ports/0/port").asInt()).isEqualTo(8085);
    assertThat(manifests.find("Service", "shopscale-storefront-metrics")).as("scraped like the others").isPresent();

    JsonNode config = manifests.get("ConfigMap", "shopscale-storefront").path("data");
    assertThat(config.path("SHOPSCALE_API_URL").asText()).isEqualTo("http://shopscale-gateway-service:8080");
    assertThat(config.path("STOREFRONT_PORT").asText()).isEqualTo("8085");
    assertThat(config.has("SHOPSCALE_CONSOLE_PROMETHEUSURL")).as("empty by default: not set").isFalse();
    assertThat(config.has("JWKS_URI")).as("verifies no token").isFalse();
    Manifests withPrometheus = Chart.render(Scenarios.DEFAULTS.set("services.storefront.console.prometheusUrl",
        "http://prometheus.monitoring:9090"));
    assertThat(withPrometheus.get("ConfigMap", "shopscale-storefront").at("/data/SHOPSCALE_CONSOLE_PROMETHEUSURL")
        .asText()).isEqualTo("http://prometheus.monitoring:9090");

    // the chaos endpoint and its token stay on the developer's machine: no object of the chart mentions them
    for (Manifests rendered : List.of(manifests, withPrometheus, Chart.render(Scenarios.PROD))) {
      rendered.all().forEach(object -> assertThat(object.toString()).doesNotContainIgnoringCase("CONTROLURL")
          .doesNotContainIgnoringCase("CONTROLTOKEN"));
    }

    NetworkPolicies policies = new NetworkPolicies(manifests);
    Peer storefront = Peer.of(deployment, "10.244.0.20");
    for (ObjectNode other : manifests.services().ofKind("Deployment")) {
      String name = Manifests.name(other);
      if (!name.equals("shopscale-storefront")) {
        assertThat(policies.allows(Peer.of(other, "10.244.0.21"), storefront, "http", "TCP")).as("%s -> storefront",
            name).isEqualTo(name.equals("shopscale-gateway-service"));
      }
    }
  }

  @Test
  void overridesReachTheObjects() {
    Manifests manifests = Chart.render(Scenarios.EVERYTHING_ELSE);
    assertThat(manifests.find("Deployment", "shopscale-payment-service")).isEmpty();
    assertThat(manifests.get("ConfigMap", "shopscale-gateway-service").at("/data").has("PAYMENT_SERVICE_URL"))
        .as("the gateway keeps the route: it answers 503 while payment-service is off").isTrue();
    assertThat(manifests.get("Deployment", "shopscale-user-service").at("/spec/template/spec/containers/0/image")
        .asText()).isEqualTo("registry.example.com/shopscale/user-service:1.2.3");
    JsonNode user = manifests.get("ConfigMap", "shopscale-user-service").path("data");
    assertThat(user.path("USER_DB_URL").asText()).isEqualTo("jdbc:postgresql://postgresql:5432/users?sslmode=require");
    assertThat(user.path("SHOPSCALE_DATASOURCE_REPLICAS_0_URL").asText())
        .isEqualTo("jdbc:postgresql://postgresql-replica:5432/users?sslmode=require");
    assertThat(user.path("MANAGEMENT_TRACING_SAMPLING_PROBABILITY").asText()).isEqualTo("0.5");
    assertThat(user.path("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT").asText()).startsWith("http://otel");
    assertThat(manifests.get("Service", "shopscale-gateway-service").at("/spec/type").asText())
        .isEqualTo("LoadBalancer");
    assertThat(manifests.get("HorizontalPodAutoscaler", "shopscale-order-service").at("/spec/maxReplicas").asInt())
        .isEqualTo(9);
    assertThat(manifests.get("HorizontalPodAutoscaler", "shopscale-order-service").at("/spec/minReplicas").asInt())
        .as("merged over the global settings").isEqualTo(2);
    JsonNode inventory = manifests.get("Deployment", "shopscale-inventory-service")
        .at("/spec/template/spec/containers/0/resources");
    assertThat(inventory.at("/limits/memory").asText()).isEqualTo("1Gi");
    assertThat(inventory.at("/requests/cpu").asText()).as("merged over the global resources").isEqualTo("250m");
    manifests.ofKind("NetworkPolicy").forEach(policy -> assertThat(policy.at("/spec/ingress").toString())
        .as("metricsFrom: null admits nobody to the management port").doesNotContain("management"));
    assertThat(manifests.get("NetworkPolicy", "shopscale-redis-exporter").at("/spec/ingress"))
        .as("nor to the exporter's").isEmpty();
  }

  @Test
  void namesFollowTheFullname() {
    Manifests manifests = Chart.render(Scenarios.RELEASE_NAMED_OTHERWISE);
    assertThat(manifests.ofKind("Deployment")).extracting(Manifests::name).allMatch(n -> n.startsWith("shop-"));
    assertThat(manifests.get("ConfigMap", "shop-gateway-service").at("/data/USER_SERVICE_URL").asText())
        .isEqualTo("http://shop-user-service:8081");
  }

  @Test
  void networkPoliciesCanBeTurnedOff() {
    assertThat(Chart.render(Scenarios.NO_NETWORK_POLICY).ofKind("NetworkPolicy")).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------------------------

  private static String expectedTag(Values values) {
    if (values.sets().containsKey("image.tag")) {
      return values.sets().get("image.tag");
    }
    return values.files().contains("values-prod.yaml") ? "0.1.0" : "0.1.0-SNAPSHOT";
  }

  /** Secrets the Deployments may name without the chart rendering them: secrets.create=false or existingSecret. */
  private static Set<String> externalSecrets(Values values) {
    Set<String> names = new HashSet<>();
    if ("false".equals(values.sets().get("secrets.create")) || values.files().contains("values-prod.yaml")
        || values.files().contains("values-dev.yaml")) {
      for (String key : List.of("user", "inventory", "order", "payment")) {
        names.add("shopscale-" + key + "-service-db");
      }
      names.add("shopscale-user-service-signing-key");
      names.add("shopscale-redis");
      names.add("shopscale-kafka");
    }
    values.sets().forEach((key, value) -> {
      if (key.endsWith("existingSecret")) {
        names.add(value);
      }
    });
    return names;
  }

  private static void assertSecretHasKey(Manifests manifests, Set<String> external, String name, String key,
      String where) {
    if (external.contains(name)) {
      return;
    }
    ObjectNode secret = manifests.find("Secret", name)
        .orElseThrow(() -> new AssertionError(where + ": no Secret " + name));
    if (!secret.path("stringData").has(key) && !secret.path("data").has(key)) {
      fail("%s: Secret %s has no key %s", where, name, key);
    }
  }

  static Map<String, JsonNode> envByName(ObjectNode deployment) {
    Map<String, JsonNode> env = new HashMap<>();
    deployment.at("/spec/template/spec/containers/0/env").forEach(e -> env.put(e.path("name").asText(), e));
    return env;
  }

  /** Whether every label of the selector is on the object (matchLabels semantics). */
  static boolean matches(JsonNode selector, JsonNode labels) {
    if (selector.isMissingNode() || selector.isEmpty()) {
      return false;
    }
    return selector.properties().stream().allMatch(e -> e.getValue().asText().equals(labels.path(e.getKey()).asText()));
  }

  private static JsonNode mountAt(Container c, String path) {
    for (JsonNode mount : c.container().path("volumeMounts")) {
      if (mount.path("mountPath").asText().equals(path)) {
        return mount;
      }
    }
    return null;
  }

  private static JsonNode volume(Container c, String name) {
    for (JsonNode volume : c.podSpec().path("volumes")) {
      if (volume.path("name").asText().equals(name)) {
        return volume;
      }
    }
    return null;
  }

  private static int containerPort(Container c, String name) {
    for (JsonNode port : c.container().path("ports")) {
      if (port.path("name").asText().equals(name)) {
        return port.path("containerPort").asInt();
      }
    }
    return -1;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  private static long bytes(JsonNode quantity) {
    return Quantity.getAmountInBytes(new Quantity(quantity.asText())).longValueExact();
  }

  private static long millicores(JsonNode quantity) {
    return Quantity.getAmountInBytes(new Quantity(quantity.asText())).movePointRight(3).longValueExact();
  }
}
