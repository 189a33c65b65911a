package io.shopscale.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * {@code .ci/run} is CI's one source of truth; {@code .github/workflows/ci.yml} runs its steps on GitHub's runners.
 * These checks keep the workflow in step with it, so a change to one that the other lacks fails the build.
 */
class CiWorkflowTest {

  // the workflow cannot make it: see the comment at the workflow's env
  private static final String REPLICA = "replica.sh";
  private static final String REPLICA_URL = "SHOPSCALE_TEST_POSTGRES_REPLICA_URL";

  private static final Pattern CHECK = Pattern.compile("^bash (\\.ci/[\\w.-]+\\.sh)$");
  private static final Pattern EXPORT = Pattern.compile("^export (SHOPSCALE_TEST_\\w+)=\"\\$\\{\\1:-(.*)}\"$");

  private final List<String> ciRun = read(".ci/run").lines().map(String::strip).toList();
  private final JsonNode job = Yaml.read(read(".github/workflows/ci.yml")).path("jobs").path("verify");

  @Test
  void theWorkflowRunsTheMavenCommandOfCiRun() {
    List<String> maven = ciRun.stream().filter(line -> line.startsWith("./mvnw ")).toList();
    assertThat(maven).containsExactly("./mvnw -B -ntp verify");
    assertThat(runSteps().stream().filter(run -> run.startsWith("./mvnw ")).toList()).isEqualTo(maven);
  }

  @Test
  void theWorkflowRunsTheChecksOfCiRunInItsOrder() {
    List<String> checks = new ArrayList<>();
    for (String line : ciRun) {
      Matcher check = CHECK.matcher(line);
      if (check.matches() && !check.group(1).endsWith(REPLICA)) {
        checks.add(line);
      }
    }
    assertThat(checks).isNotEmpty();
    assertThat(runSteps().stream().filter(run -> CHECK.matcher(run).matches()).toList()).isEqualTo(checks);
  }

  @Test
  void theWorkflowPointsTheTestsAtTheServersCiRunUses() {
    Map<String, String> exported = new TreeMap<>();
    for (String line : ciRun) {
      Matcher export = EXPORT.matcher(line);
      if (export.matches() && !export.group(1).equals(REPLICA_URL)) {
        exported.put(export.group(1), export.group(2));
      }
    }
    Map<String, String> env = new TreeMap<>();
    job.path("env").properties().forEach(entry -> env.put(entry.getKey(), entry.getValue().asText()));

    assertThat(exported).containsKeys("SHOPSCALE_TEST_POSTGRES_URL", "SHOPSCALE_TEST_REDIS_URL");
    assertThat(env).isEqualTo(exported);
    // and the servers behind those addresses are the workflow's services, on the same ports
    assertThat(job.path("services").path("postgres").path("ports").get(0).asText()).isEqualTo("5432:5432");
    assertThat(job.path("services").path("redis").path("ports").get(0).asText()).isEqualTo("6379:6379");
  }

  @Test
  void theWorkflowBuildsWithTheJavaVersionOfThePom() {
    Matcher javaVersion = Pattern.compile("<java.version>(\\d+)</java.version>").matcher(read("pom.xml"));
    assertThat(javaVersion.find()).isTrue();
    JsonNode setupJava = null;
    for (JsonNode step : job.path("steps")) {
      if (step.path("uses").asText().startsWith("actions/setup-java@")) {
        setupJava = step.path("with");
      }
    }
    assertThat(setupJava).as("an actions/setup-java step").isNotNull();
    assertThat(setupJava.path("distribution").asText()).isEqualTo("temurin");
    assertThat(setupJava.path("java-version").asText()).isEqualTo(javaVersion.group(1));
    assertThat(setupJava.path("cache").asText()).as("the Maven repository is cached").isEqualTo("maven");
  }

  private List<String> runSteps() {
    List<String> runs = new ArrayList<>();
    for (JsonNode step : job.path("steps")) {
      if (step.has("run")) {
        runs.add(step.path("run").asText().strip());
      }
    }
    return runs;
  }

  private static String read(String path) {
    try {
      return Files.readString(Repository.ROOT.resolve(Path.of(path)));
    }
    catch (IOException ex) {
      throw new IllegalStateException(ex);
    }
  }
}
