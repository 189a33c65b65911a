package io.shopscale.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shopscale.deploy.Chart.Values;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rendered object is a valid object of its Kubernetes (or Prometheus Operator) API type. */
class KubernetesTypesTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.shopscale.deploy.Scenarios#all")
  void everyRenderedObjectBindsStrictlyToItsApiType(String scenario, Values values) {
    List<String> problems = new ArrayList<>();
    for (ObjectNode object : Chart.render(values).all()) {
      problems.addAll(KubernetesTypes.problems(object));
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theCheckCatchesWhatTheApiServerWouldReject() {
    ObjectNode deployment = Chart.render(Scenarios.HPA_OFF).get("Deployment", "shopscale-gateway-service").deepCopy();
    assertThat(KubernetesTypes.problems(deployment)).isEmpty();

    ObjectNode misspelt = deployment.deepCopy();
    ((ObjectNode) misspelt.at("/spec/template/spec/containers/0/securityContext")).put("readOnlyRootFileSystem", true);
    assertThat(KubernetesTypes.problems(misspelt)).singleElement().asString().contains("readOnlyRootFileSystem");

    ObjectNode misplaced = deployment.deepCopy();
    ((ObjectNode) misplaced.at("/spec/template/spec")).putArray("ports");
    assertThat(KubernetesTypes.problems(misplaced)).hasSize(1);

    ObjectNode quoted = deployment.deepCopy();
    ((ObjectNode) quoted.path("spec")).put("replicas", "2");
    assertThat(KubernetesTypes.problems(quoted)).hasSize(1);

    ObjectNode badQuantity = deployment.deepCopy();
    ((ObjectNode) badQuantity.at("/spec/template/spec/containers/0/resources/limits")).put("memory", "lots");
    assertThat(KubernetesTypes.problems(badQuantity)).isNotEmpty();

    ObjectNode oldApi = Chart.render(Scenarios.DEFAULTS).get("HorizontalPodAutoscaler", "shopscale-user-service")
        .deepCopy();
    oldApi.put("apiVersion", "autoscaling/v1");
    assertThat(KubernetesTypes.problems(oldApi)).singleElement().asString().contains("not a kind/apiVersion");
  }
}
