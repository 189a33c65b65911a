package io.shopscale.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * helm lint --strict: the chart's defaults, and values-dev.yaml / values-prod.yaml (helm-java's lint takes no
 * values, so those are linted as a copy of the chart whose values.yaml is the merged result, which is what Helm
 * does with -f). Each with secrets.allowPlaceholders: lint renders the templates, and placeholder Secrets otherwise
 * fail the render on purpose ({@code ChartRenderTest.placeholderSecretsFailTheRenderAndSayWhatToSet}).
 */
class HelmLintTest {

  @Test
  void theChartLintsCleanWithItsDefaults(@TempDir Path dir) throws IOException {
    assertClean(new Helm(chartWithValues(dir, null)).lint().strict().call());
  }

  @ParameterizedTest
  @ValueSource(strings = {"values-dev.yaml", "values-prod.yaml"})
  void theChartLintsCleanWithEachSize(String file, @TempDir Path dir) throws IOException {
    assertClean(new Helm(chartWithValues(dir, file)).lint().strict().call());
  }

  // a copy of the chart whose values.yaml is values.yaml merged with file (if any), placeholders allowed
  private static Path chartWithValues(Path dir, String file) throws IOException {
    Path chart = copyChart(dir);
    JsonNode merged = Yaml.read(Files.readString(Repository.CHART.resolve("values.yaml")));
    if (file != null) {
      merged = merge(merged, Yaml.read(Files.readString(Repository.CHART.resolve(file))));
    }
    ((ObjectNode) merged.path("secrets")).put("allowPlaceholders", true);
    Files.writeString(chart.resolve("values.yaml"), Yaml.write(merged));
    return chart;
  }

  @Test
  void lintFailsABrokenChart(@TempDir Path dir) throws IOException {
    Path chart = copyChart(dir);
    Files.writeString(chart.resolve("templates/broken.yaml"),
        "kind: ConfigMap\nmetadata: {{ .Values.nothing.here }}\n");
    assertThat(new Helm(chart).lint().strict().call().isFailed()).isTrue();
  }

  /** values.schema.json: an unknown or misspelt key, or a wrong type, stops helm template/install/lint. */
  @Test
  void valuesAreCheckedAgainstTheSchema() {
    assertThatThrownBy(() -> Chart.template(Chart.Values.defaults().set("autoscalling.enabled", "false")))
        .hasMessageContaining("autoscalling");
    assertThatThrownBy(() -> Chart.template(Chart.Values.defaults().set("services.order.uses[0]", "mysql")))
        .hasMessageContaining("uses");
    assertThatThrownBy(() -> Chart.template(Chart.Values.defaults().set("managementPort", "0")))
        .hasMessageContaining("managementPort");
  }

  private static void assertClean(LintResult result) {
    assertThat(result.getMessages()).as("lint messages")
        .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
  }

  private static Path copyChart(Path dir) throws IOException {
    Path target = dir.resolve("shopscale");
    try (Stream<Path> files = Files.walk(Repository.CHART)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path copy = target.resolve(Repository.CHART.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(copy);
        }
        else {
          Files.copy(source, copy);
        }
      }
    }
    return target;
  }

  /** Helm's coalescing of values files: maps merge key by key, everything else is replaced. */
  static JsonNode merge(JsonNode base, JsonNode override) {
    if (!(base instanceof ObjectNode baseObject) || !override.isObject()) {
      return override.deepCopy();
    }
    ObjectNode merged = baseObject.deepCopy();
    for (var field : override.properties()) {
      JsonNode existing = merged.get(field.getKey());
      merged.set(field.getKey(), existing == null ? field.getValue().deepCopy() : merge(existing, field.getValue()));
    }
    return merged;
  }

}
