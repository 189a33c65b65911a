package io.shopscale.deploy;

import java.util.stream.Stream;

import io.shopscale.deploy.Chart.Values;
import org.junit.jupiter.params.provider.Arguments;

/** The value sets every chart-wide rule is checked on. */
final class Scenarios {

  static final Values DEFAULTS = Values.defaults();
  static final Values DEFAULTS_WITH_MONITORING = Values.defaults().withMonitoringApi();
  static final Values DEV = Values.file("values-dev.yaml");
  static final Values PROD = Values.file("values-prod.yaml").withMonitoringApi();
  static final Values HPA_OFF = Values.defaults().set("autoscaling.enabled", "false");
  static final Values PDB_OFF = Values.defaults().set("podDisruptionBudget.enabled", "false");
  static final Values SECRETS_OUTSIDE = Values.defaults().set("secrets.create", "false");
  static final Values EXISTING_SECRETS = Values.defaults()
      .set("services.user.database.existingSecret", "users-db")
      .set("services.user.signingKey.existingSecret", "jwt-key")
      .set("redis.existingSecret", "redis-url");
  static final Values EVERYTHING_ELSE = Values.defaults()
      .set("image.registry", "registry.example.com/")
      .set("image.tag", "1.2.3")
      .set("postgresql.replicaHost", "postgresql-replica")
      .set("postgresql.parameters", "?sslmode=require")
      .set("tracing.endpoint", "http://otel-collector:4318/v1/traces")
      .set("tracing.samplingProbability", "0.5")
      .set("services.gateway.service.type", "LoadBalancer")
      .set("services.order.autoscaling.maxReplicas", "9")
      .set("services.inventory.resources.limits.memory", "1Gi")
      .set("services.inventory.resources.requests.memory", "1Gi")
      .set("services.payment.env.SHOPSCALE_CURRENCY", "EUR")
      .set("ingress.enabled", "true")
      .set("services.gateway.trustedProxies", "10.0.0.0/8")
      .set("networkPolicy.metricsFrom", "null")
      .set("services.payment.enabled", "false");
  static final Values CHART_CONVENTIONS = Values.defaults()
      .set("global.imageRegistry", "mirror.example.com")
      .set("image.digest", "sha256:" + "a".repeat(64))
      .set("podLabels.team", "shop")
      .set("services.order.podLabels.tier", "core")
      .set("priorityClassName", "shopscale-high")
      .set("extraEnvFrom[0].secretRef.name", "shopscale-extra")
      .set("services.payment.extraEnvFrom[0].secretRef.name", "payment-extra")
      .set("autoscaling.requestsPerSecond.enabled", "true");
  static final Values NO_NETWORK_POLICY = Values.defaults().set("networkPolicy.enabled", "false");
  static final Values RELEASE_NAMED_OTHERWISE = Values.defaults().set("fullnameOverride", "shop");

  private Scenarios() {
  }

  static Stream<Arguments> all() {
    return Stream.of(
        Arguments.of("defaults", DEFAULTS),
        Arguments.of("defaults, Prometheus Operator present", DEFAULTS_WITH_MONITORING),
        Arguments.of("values-dev.yaml", DEV),
        Arguments.of("values-prod.yaml, Prometheus Operator present", PROD),
        Arguments.of("HPA off", HPA_OFF),
        Arguments.of("PDB off", PDB_OFF),
        Arguments.of("Secrets made outside the chart", SECRETS_OUTSIDE),
        Arguments.of("existingSecret names", EXISTING_SECRETS),
        Arguments.of("registry, tag, replica, tracing, LoadBalancer, ingress, overrides, payment off",
            EVERYTHING_ELSE),
        Arguments.of("NetworkPolicy off", NO_NETWORK_POLICY),
        Arguments.of("global registry, digest, pod labels, priority class, extraEnvFrom, requests/s HPA",
            CHART_CONVENTIONS),
        Arguments.of("fullnameOverride", RELEASE_NAMED_OTHERWISE));
  }
}
