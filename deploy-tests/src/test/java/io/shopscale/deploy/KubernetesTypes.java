package io.shopscale.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/**
 * Checks objects against the Kubernetes API types, offline: each is bound to its fabric8 kubernetes-model class
 * (generated from the Kubernetes OpenAPI and the Prometheus Operator CRDs) by a Jackson mapper made strict:
 * <ul>
 * <li>an unknown field fails: the classes would keep it in {@code additionalProperties}; their any-setter is
 * removed, so a misspelt or misplaced field ({@code readOnlyRootFileSystem}, {@code ports} under the pod) is an
 * error, as `kubectl apply --validate=strict` makes it;</li>
 * <li>no scalar coercion: {@code replicas: "2"} or a number where a string belongs fails, as in the API server;</li>
 * <li>each kind has exactly one apiVersion here (the one the chart must use); an unknown kind fails;</li>
 * <li>the bound object written back must equal the input, so nothing was dropped or reshaped on the way;</li>
 * <li>every resource quantity must parse.</li>
 * </ul>
 * Not covered (the tests check what matters of it directly): required fields and enum values, which the OpenAPI
 * schema has and the Java classes do not.
 */
final class KubernetesTypes {

  static final Map<String, Class<? extends HasMetadata>> TYPES = Map.ofEntries(
      Map.entry("v1/ConfigMap", ConfigMap.class),
      Map.entry("v1/Secret", Secret.class),
      Map.entry("v1/Service", Service.class),
      Map.entry("v1/ServiceAccount", ServiceAccount.class),
      Map.entry("apps/v1/Deployment", Deployment.class),
      Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
      Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
      Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
      Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
      Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
      Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class));

  private static final ObjectMapper STRICT = strictMapper();
  private static final ObjectMapper WRITER = JsonMapper.builder().build();

  private KubernetesTypes() {
  }

  /** The problems of one object; empty when it binds strictly and round-trips. */
  static List<String> problems(JsonNode object) {
    String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
    String where = type + " " + Manifests.name(object);
    Class<? extends HasMetadata> model = TYPES.get(type);
    if (model == null) {
      return List.of(where + ": not a kind/apiVersion this chart may use " + TYPES.keySet());
    }
    List<String> problems = new ArrayList<>();
    HasMetadata bound;
    try {
      bound = STRICT.treeToValue(object, model);
    }
    catch (Exception ex) {
      return List.of(where + ": " + ex.getMessage().lines().findFirst().orElse(""));
    }
    JsonNode back = canonical(WRITER.valueToTree(bound));
    if (!back.equals(canonical(object))) {
      problems.add(where + ": changes when bound to " + model.getSimpleName() + ": " + Diff.of(object, back));
    }
    quantities(object, "", problems, where);
    return problems;
  }

  /** Through JSON text and back, so that numbers compare by value (a Long field writes a LongNode). */
  private static JsonNode canonical(JsonNode node) {
    try {
      return WRITER.readTree(WRITER.writeValueAsBytes(node));
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private static void quantities(JsonNode node, String path, List<String> problems, String where) {
    if (node.isObject()) {
      node.properties().forEach(e -> {
        String child = path + "/" + e.getKey();
        if ((path.endsWith("/requests") || path.endsWith("/limits")) && e.getValue().isValueNode()) {
          try {
            Quantity.getAmountInBytes(new Quantity(e.getValue().asText()));
          }
          catch (RuntimeException ex) {
            problems.add(where + ": " + child + " is not a quantity: " + e.getValue());
          }
        }
        quantities(e.getValue(), child, problems, where);
      });
    }
    else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        quantities(node.get(i), path + "/" + i, problems, where);
      }
    }
  }

  private static ObjectMapper strictMapper() {
    SimpleModule noAnySetter = new SimpleModule("no-additional-properties");
    noAnySetter.setDeserializerModifier(new BeanDeserializerModifier() {
      @Override
      public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
          BeanDeserializerBuilder builder) {
        builder.setAnySetter(null);
        return builder;
      }
    });
    JsonMapper mapper = JsonMapper.builder()
        .addModule(noAnySetter)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .build();
    for (LogicalType type : List.of(LogicalType.Textual, LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
      mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }
    // a string stays a string (it is its own shape, not a coercion)
    mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
    return mapper;
  }
}
