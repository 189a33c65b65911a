package io.shopscale.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pins the metric names and labels the Prometheus rules in {@code observability/prometheus} select to what a service
 * really exposes: renaming a meter or a tag in code then fails that service's build instead of silently muting an
 * alert. Only exact label matchers ({@code name="value"}) are pinned; {@code job}, {@code namespace} and
 * {@code instance} come from Prometheus, not from the service. The prefixes say which series are the service's to
 * expose: its own {@code shopscale_} meters, and the JVM's ({@code process_cpu_usage}, {@code jvm_gc_}) where the
 * rules read those.
 */
public final class AlertRuleMetrics {

  private static final Path RULES = Path.of("..", "observability", "prometheus");
  // a raw series, not a recorded one (level:shopscale_metric:operation); which names count is the caller's prefixes
  private static final Pattern SELECTOR = Pattern.compile("(?<![:\\w.$])([a-z][a-z0-9_]*)(?![:\\w])(\\{([^}]*)})?");
  private static final Pattern EXACT = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*=\\s*\"([^\"]*)\"");
  private static final Set<String> FROM_PROMETHEUS = Set.of("job", "namespace", "instance");

  private AlertRuleMetrics() {
  }

  /**
   * Asserts that every series selector in the recording and alert rules whose metric starts with one of
   * {@code prefixes} matches at least one line of {@code scrape} (the service's Prometheus text). Run from a
   * module directory (Maven's working directory for tests).
   */
  public static void assertExposed(String scrape, String... prefixes) {
    Set<Selector> selectors = selectors(prefixes);
    assertThat(selectors).as("rules selecting %s", String.join(", ", prefixes)).isNotEmpty();
    for (Selector selector : selectors) {
      boolean found = scrape.lines().anyMatch(selector::matches);
      assertThat(found).as("the rules select %s but the service exposes no such series", selector).isTrue();
    }
  }

  static Set<Selector> selectors(String... prefixes) {
    Set<Selector> found = new LinkedHashSet<>();
    for (String file : new String[]{"recording-rules.yml", "alert-rules.yml"}) {
      String rules;
      try {
        rules = Files.readString(RULES.resolve(file));
      }
      catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
      // only rule expressions, not comments
      String expressions = rules.lines().filter(line -> !line.strip().startsWith("#"))
          .reduce("", (a, b) -> a + "\n" + b);
      Matcher matcher = SELECTOR.matcher(expressions);
      while (matcher.find()) {
        String name = matcher.group(1);
        if (Arrays.stream(prefixes).noneMatch(name::startsWith)) {
          continue;
        }
        Map<String, String> labels = new TreeMap<>();
        if (matcher.group(3) != null) {
          Matcher exact = EXACT.matcher(matcher.group(3));
          while (exact.find()) {
            if (!FROM_PROMETHEUS.contains(exact.group(1))) {
              labels.put(exact.group(1), exact.group(2));
            }
          }
        }
        found.add(new Selector(name, Map.copyOf(labels)));
      }
    }
    return found;
  }

  record Selector(String name, Map<String, String> labels) {

    boolean matches(String line) {
      if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
        return false;
      }
      return labels.entrySet().stream()
          .allMatch(label -> line.contains(label.getKey() + "=\"" + label.getValue() + "\""));
    }

    @Override
    public String toString() {
      return name + labels;
    }
  }
}
