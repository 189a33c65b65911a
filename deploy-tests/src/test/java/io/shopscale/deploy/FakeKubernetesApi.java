package io.shopscale.deploy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Just enough of a Kubernetes API server, on 127.0.0.1, for `helm install --dry-run` to take its capabilities
 * (.Capabilities.APIVersions) from discovery as it does against a real cluster: /version, /api, /apis and one
 * APIResourceList per group version. Every object is absent (404), which is what Helm's existing-object check asks,
 * except those a test puts there ({@link #holding}), which the chart's {@code lookup} then finds.
 * It records the requests, so a test sees which objects Helm would have created.
 */
final class FakeKubernetesApi implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** group/version → kind → plural resource name, for the kinds the chart renders. */
  private final Map<String, Map<String, String>> resources = new LinkedHashMap<>();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, ObjectNode> objects = new java.util.concurrent.ConcurrentHashMap<>();
  private final HttpServer server;

  FakeKubernetesApi(boolean prometheusOperator) throws IOException {
    resources.put("v1", Map.of("ConfigMap", "configmaps", "Secret", "secrets", "Service", "services",
        "ServiceAccount", "serviceaccounts"));
    resources.put("apps/v1", Map.of("Deployment", "deployments"));
    resources.put("autoscaling/v2", Map.of("HorizontalPodAutoscaler", "horizontalpodautoscalers"));
    resources.put("policy/v1", Map.of("PodDisruptionBudget", "poddisruptionbudgets"));
    resources.put("networking.k8s.io/v1", Map.of("NetworkPolicy", "networkpolicies", "Ingress", "ingresses"));
    if (prometheusOperator) {
      resources.put("monitoring.coreos.com/v1", Map.of("ServiceMonitor", "servicemonitors",
          "PrometheusRule", "prometheusrules"));
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A kubeconfig for this server. */
  String kubeconfig(String namespace) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
          - name: fake
            cluster:
              server: http://127.0.0.1:%d
        users:
          - name: fake
            user:
              token: not-a-secret
        contexts:
          - name: fake
            context:
              cluster: fake
              user: fake
              namespace: %s
        current-context: fake
        """.formatted(server.getAddress().getPort(), namespace);
  }

  /** Serves {@code object} at its path, e.g. /api/v1/namespaces/x/secrets/name. */
  FakeKubernetesApi holding(String path, ObjectNode object) {
    objects.put(path, object);
    return this;
  }

  /** "GET /apis/apps/v1/namespaces/x/deployments/name" lines, in order. */
  List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    requests.add(exchange.getRequestMethod() + " " + path);
    ObjectNode body;
    int status = 200;
    if (!exchange.getRequestMethod().equals("GET")) {
      status = 405;
      body = status("MethodNotAllowed", 405);
    }
    else if (objects.containsKey(path)) {
      body = objects.get(path);
    }
    else if (path.equals("/version")) {
      body = JSON.createObjectNode().put("major", "1").put("minor", "33").put("gitVersion", "v1.33.0")
          .put("platform", "linux/amd64");
    }
    else if (path.equals("/api")) {
      body = JSON.createObjectNode().put("kind", "APIVersions");
      body.putArray("versions").add("v1");
      body.putArray("serverAddressByClientCIDRs");
    }
    else if (path.equals("/apis")) {
      body = JSON.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
      ArrayNode groups = body.putArray("groups");
      resources.keySet().stream().filter(gv -> gv.contains("/")).forEach(gv -> {
        ObjectNode version = JSON.createObjectNode().put("groupVersion", gv).put("version", gv.split("/")[1]);
        ObjectNode group = groups.addObject().put("name", gv.split("/")[0]);
        group.putArray("versions").add(version);
        group.set("preferredVersion", version.deepCopy());
      });
    }
    else if (path.equals("/api/v1") || (path.startsWith("/apis/") && resources.containsKey(path.substring(6)))) {
      String groupVersion = path.equals("/api/v1") ? "v1" : path.substring(6);
      body = JSON.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
          .put("groupVersion", groupVersion);
      ArrayNode list = body.putArray("resources");
      resources.get(groupVersion).forEach((kind, plural) -> {
        ObjectNode resource = list.addObject().put("name", plural).put("singularName", kind.toLowerCase())
            .put("namespaced", true).put("kind", kind);
        resource.putArray("verbs").add("get").add("list").add("create").add("update").add("patch").add("delete");
      });
    }
    else {
      status = 404;
      body = status("NotFound", 404);
    }
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static ObjectNode status(String reason, int code) {
    return JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1").put("status", "Failure")
        .put("reason", reason).put("code", code).put("message", "not here");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
