package io.shopscale.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

/**
 * helm template of helm/shopscale through helm-java (Helm's own Go code over JNA: no helm binary, no cluster).
 * Renders are cached per set of values: they are pure functions of the chart and the values.
 */
final class Chart {

  /** The release name k8s/ is rendered with, and the tests' default. */
  static final String RELEASE = "shopscale";
  static final String MONITORING_API = "monitoring.coreos.com/v1";
  /**
   * The Kubernetes version helm template assumes. helm-java's library is built without Helm's ldflags and would
   * report v1.20.0, below the chart's kubeVersion; the Helm CLI reports the client-go version it was built with.
   */
  static final String KUBE_VERSION = "1.33.0";

  private static final Map<Values, String> RENDERS = new ConcurrentHashMap<>();
  private static final Pattern CHART_LABEL = Pattern.compile("(?m)^\\s*helm\\.sh/chart: .*\\R");
  private static final Pattern MANAGED_BY_HELM = Pattern.compile("(?m)^(\\s*app\\.kubernetes\\.io/managed-by:) Helm$");

  private Chart() {
  }

  /**
   * Values of one render: values files (relative to the chart) in order, then --set pairs, then, when
   * monitoringApi, monitoring.coreos.com/v1 among apiVersions (as `helm template --api-versions` would).
   */
  record Values(List<String> files, Map<String, String> sets, boolean monitoringApi) {

    /**
     * The chart's defaults, rendered as k8s/ is: with secrets.allowPlaceholders, because an offline render has no
     * cluster whose Secrets could stand in for the placeholders ({@link #asShipped()} is without it).
     */
    static Values defaults() {
      return asShipped().set("secrets.allowPlaceholders", "true");
    }

    static Values file(String file) {
      return new Values(List.of(file), Map.of("secrets.allowPlaceholders", "true"), false);
    }

    /** Exactly what a user installs with no values of their own. */
    static Values asShipped() {
      return new Values(List.of(), Map.of(), false);
    }

    Values set(String key, String value) {
      Map<String, String> more = new LinkedHashMap<>(sets);
      more.put(key, value);
      return new Values(files, more, monitoringApi);
    }

    Values withMonitoringApi() {
      return new Values(files, sets, true);
    }
  }

  static String template(Values values) {
    return RENDERS.computeIfAbsent(values, Chart::run);
  }

  static Manifests render(Values values) {
    return Manifests.parse(template(values));
  }

  private static String run(Values values) {
    TemplateCommand command = new Helm(Repository.CHART).template()
        .withName(RELEASE)
        .withKubeVersion(KUBE_VERSION);
    for (String file : values.files()) {
      command = command.withValuesFile(Repository.CHART.resolve(file));
    }
    for (Map.Entry<String, String> set : values.sets().entrySet()) {
      command = command.set(set.getKey(), set.getValue());
    }
    if (values.monitoringApi()) {
      command = command.set("apiVersions[0]", MONITORING_API);
    }
    return command.call();
  }

  /**
   * What k8s/ holds instead of Helm's bookkeeping: no helm.sh/chart label (it names a chart version) and
   * app.kubernetes.io/managed-by: kustomize. Applied to the text, so k8s/base keeps the render's layout and
   * comments; the comparisons apply it to Helm's output the same way.
   */
  static String asKustomize(String helmOutput) {
    String withoutChart = CHART_LABEL.matcher(helmOutput).replaceAll("");
    return MANAGED_BY_HELM.matcher(withoutChart).replaceAll("$1 kustomize");
  }

  /** The render split into its documents, each with its "# Source:" line, in Helm's order. */
  static List<String> documents(String helmOutput) {
    List<String> documents = new ArrayList<>();
    for (String document : helmOutput.split("(?m)^---\\s*$")) {
      if (!document.isBlank()) {
        documents.add(document.strip() + "\n");
      }
    }
    return documents;
  }

  static Path chartFile(String relative) {
    return Repository.CHART.resolve(relative);
  }
}
