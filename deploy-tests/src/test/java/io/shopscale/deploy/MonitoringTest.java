package io.shopscale.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import io.shopscale.deploy.Chart.Values;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ServiceMonitor and PrometheusRules: present only with the Prometheus Operator's API, built from
 * observability/prometheus (the one source of the rules), scraping jobs the rules select.
 */
class MonitoringTest {

  private static final List<String> RULE_FILES = List.of("recording-rules.yml", "alert-rules.yml");

  /** The chart can read only inside itself: files/prometheus/ is a copy of observability/prometheus/, kept equal. */
  @ParameterizedTest
  @ValueSource(strings = {"recording-rules.yml", "alert-rules.yml"})
  void theChartCarriesAnExactCopyOfTheRules(String file) throws IOException {
    Path source = Repository.RULES.resolve(file);
    Path copy = Repository.CHART.resolve("files/prometheus").resolve(file);
    if (Generated.WRITE) {
      Files.createDirectories(copy.getParent());
      Files.copy(source, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    assertThat(copy).as("%s is a copy of %s: run k8s/generate.sh", Repository.ROOT.relativize(copy),
        Repository.ROOT.relativize(source)).hasSameBinaryContentAs(source);
  }

  /** files/grafana/ is a copy of docker/grafana/dashboards/ (compose's dashboards), kept equal. */
  @Test
  void theChartCarriesAnExactCopyOfTheDashboards() throws IOException {
    Path sources = Repository.ROOT.resolve("docker/grafana/dashboards");
    try (var dashboards = Files.list(sources)) {
      for (Path source : dashboards.filter(p -> p.toString().endsWith(".json")).toList()) {
        Path copy = Repository.CHART.resolve("files/grafana").resolve(source.getFileName());
        if (Generated.WRITE) {
          Files.createDirectories(copy.getParent());
          Files.copy(source, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        assertThat(copy).as("%s is a copy of %s: run k8s/generate.sh", Repository.ROOT.relativize(copy),
            Repository.ROOT.relativize(source)).hasSameBinaryContentAs(source);
      }
    }
  }

  @Test
  void grafanaDashboardsShipAsAConfigMapForTheSidecarWhenAskedFor() throws IOException {
    assertThat(Chart.render(Scenarios.DEFAULTS).find("ConfigMap", "shopscale-dashboards")).isEmpty();
    ObjectNode dashboards = Chart.render(Scenarios.DEFAULTS.set("monitoring.grafanaDashboards.enabled", "true"))
        .get("ConfigMap", "shopscale-dashboards");
    assertThat(dashboards.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
    assertThat(Yaml.read(dashboards.at("/data/golden-signals.json").asText()))
        .isEqualTo(
            Yaml.read(Files.readString(Repository.ROOT.resolve("docker/grafana/dashboards/golden-signals.json"))));
  }

  @Test
  void prometheusRulesAreTheRulesFilesUnchanged() throws IOException {
    Manifests manifests = Chart.render(Scenarios.DEFAULTS_WITH_MONITORING);
    assertThat(manifests.ofKind("PrometheusRule")).extracting(Manifests::name)
        .containsExactly("shopscale-recording-rules", "shopscale-alert-rules");
    for (String file : RULE_FILES) {
      JsonNode source = Yaml.read(Files.readString(Repository.RULES.resolve(file)));
      ObjectNode rule = manifests.get("PrometheusRule", "shopscale-" + file.replace(".yml", ""));
      assertThat(rule.path("spec").properties()).extracting(java.util.Map.Entry::getKey).containsExactly("groups");
      assertThat(rule.at("/spec/groups")).as("%s, %s", Manifests.name(rule), Diff.of(source.path("groups"),
          rule.at("/spec/groups"))).isEqualTo(source.path("groups"));
    }
    // every alert of the source is there, with its runbook
    long alerts = manifests.get("PrometheusRule", "shopscale-alert-rules").at("/spec/groups").valueStream()
        .flatMap(g -> g.path("rules").valueStream()).filter(r -> r.has("alert")).count();
    assertThat(alerts).isEqualTo(Files.readString(Repository.RULES.resolve("alert-rules.yml")).lines()
        .filter(l -> l.trim().startsWith("- alert:")).count());
  }

  @Test
  void aForkRewritesOnlyTheRunbookPrefix() throws IOException {
    String base = "https://git.example.com/shop/blob/v1/";
    Manifests manifests = Chart.render(Scenarios.DEFAULTS_WITH_MONITORING.set("monitoring.runbookBaseUrl", base));
    String expected = Files.readString(Repository.RULES.resolve("alert-rules.yml"))
        .replace("https://github.com/shopscale/shopscale/blob/main/", base);
    JsonNode groups = manifests.get("PrometheusRule", "shopscale-alert-rules").at("/spec/groups");
    assertThat(groups).isEqualTo(Yaml.read(expected).path("groups"));
    assertThat(groups.toString()).contains(base + "docs/runbooks/ShopScaleTargetDown.md").doesNotContain("github.com");
  }

  @Test
  void theServiceMonitorScrapesJobsTheRulesSelect() throws IOException {
    Manifests manifests = Chart.render(Scenarios.DEFAULTS_WITH_MONITORING);
    ObjectNode monitor = manifests.get("ServiceMonitor", "shopscale");
    assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("management");
    assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/actuator/prometheus");
    String jobLabel = monitor.at("/spec/jobLabel").asText();
    String recording = Files.readString(Repository.RULES.resolve("recording-rules.yml"));
    String alerting = Files.readString(Repository.RULES.resolve("alert-rules.yml"));
    // the same regexes .ci/compose.sh reads from the rules (Prometheus anchors them)
    Pattern job = Pattern.compile(firstGroup(recording, "job=~\"([^\"]+)\""));
    Pattern container = Pattern.compile(firstGroup(alerting, "container=~\"([^\"]+)\""));
    Pattern hpa = Pattern.compile(firstGroup(alerting, "horizontalpodautoscaler=~\"([^\"]+)\""));
    List<String> jobs = new ArrayList<>();
    for (ObjectNode service : manifests.ofKind("Service")) {
      if (ChartRenderTest.matches(monitor.at("/spec/selector/matchLabels"), service.at("/metadata/labels"))) {
        jobs.add(service.at("/metadata/labels").path(jobLabel).asText());
      }
    }
    assertThat(jobs).containsExactlyInAnyOrder("shopscale-gateway-service", "shopscale-user-service",
        "shopscale-inventory-service", "shopscale-order-service", "shopscale-payment-service",
        "shopscale-storefront");
    jobs.forEach(j -> assertThat(job.matcher(j).matches()).as("job %s matches %s", j, job).isTrue());
    manifests.services().containers()
        .forEach(c -> assertThat(container.matcher(c.name()).matches()).as(c.name()).isTrue());
    manifests.ofKind("HorizontalPodAutoscaler").forEach(h -> assertThat(hpa.matcher(Manifests.name(h)).matches())
        .as(Manifests.name(h)).isTrue());
  }

  /**
   * The real gate, .Capabilities.APIVersions, as Helm fills it from a cluster's discovery: `helm install
   * --dry-run` against a fake API server with and without monitoring.coreos.com/v1. Helm looks up every object it
   * is about to create; those lookups show what the chart rendered.
   */
  @Test
  void monitoringObjectsRenderOnlyWhenTheClusterServesThePrometheusOperatorApi() throws IOException {
    List<String> withOperator = dryRunLookups(true, List.of());
    assertThat(withOperator).contains(
        "servicemonitors/shopscale", "prometheusrules/shopscale-alert-rules",
        "prometheusrules/shopscale-recording-rules",
        "deployments/shopscale-gateway-service");
    List<String> withoutOperator = dryRunLookups(false, List.of());
    assertThat(withoutOperator)
        .contains("deployments/shopscale-gateway-service", "horizontalpodautoscalers/shopscale-user-service")
        .noneMatch(lookup -> lookup.startsWith("servicemonitors/") || lookup.startsWith("prometheusrules/"));
    assertThat(dryRunLookups(true, List.of("monitoring.enabled=false")))
        .noneMatch(lookup -> lookup.startsWith("servicemonitors/") || lookup.startsWith("prometheusrules/"));
  }

  @Test
  void apiVersionsValueStandsInForDiscoveryWhenRenderingOffline() {
    assertThat(Chart.render(Values.defaults()).ofKind("ServiceMonitor")).isEmpty();
    assertThat(Chart.render(Values.defaults().withMonitoringApi()).ofKind("ServiceMonitor")).extracting(Manifests::name)
        .containsExactlyInAnyOrder("shopscale", "shopscale-redis-exporter");
    assertThat(Chart.render(Values.defaults().withMonitoringApi().set("monitoring.enabled", "false"))
        .ofKind("PrometheusRule")).isEmpty();
  }

  /** "plural/name" of every object Helm looked up in a dry-run install against the fake API server. */
  private static List<String> dryRunLookups(boolean prometheusOperator, List<String> sets) throws IOException {
    try (FakeKubernetesApi api = new FakeKubernetesApi(prometheusOperator)) {
      var install = new Helm(Repository.CHART).install()
          .withName(Chart.RELEASE)
          .withNamespace("shopscale-test")
          .dryRun()
          .withDryRunOption(DryRun.CLIENT)
          .disableOpenApiValidation()
          .withKubeConfigContents(api.kubeconfig("shopscale-test"))
          // the placeholder Secrets would stop the render; this test is about the monitoring objects
          .set("secrets.allowPlaceholders", "true");
      for (String set : sets) {
        String[] pair = set.split("=", 2);
        install = install.set(pair[0], pair[1]);
      }
      install.call();
      Pattern object = Pattern.compile("GET /apis?/(?:[^/]+/)?v\\d+/namespaces/shopscale-test/([a-z]+)/([a-z0-9-]+)");
      List<String> lookups = new ArrayList<>();
      for (String request : api.requests()) {
        Matcher matcher = object.matcher(request);
        if (matcher.matches()) {
          lookups.add(matcher.group(1) + "/" + matcher.group(2));
        }
      }
      return lookups;
    }
  }

  private static String firstGroup(String text, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    assertThat(matcher.find()).as("%s in the rules", regex).isTrue();
    return matcher.group(1);
  }
}
