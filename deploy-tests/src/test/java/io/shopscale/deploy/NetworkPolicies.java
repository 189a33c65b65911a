package io.shopscale.deploy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Evaluates rendered NetworkPolicies the way the Kubernetes NetworkPolicy API defines them (networking.k8s.io/v1),
 * for the tests to ask "may this peer reach that pod on that port?" instead of pattern-matching YAML:
 * <ul>
 * <li>a pod selected by a policy with Ingress (Egress) in policyTypes is isolated in that direction, and then only
 * what some selecting policy's rule allows gets through; a pod no policy selects is open;</li>
 * <li>a rule without {@code from}/{@code to} admits every peer, without {@code ports} every port;</li>
 * <li>a peer with only podSelector means pods of the policy's namespace; with namespaceSelector, pods of the
 * matching namespaces (narrowed by podSelector when both are set); ipBlock matches addresses;</li>
 * <li>a named port resolves against the destination pod's container ports.</li>
 * </ul>
 * Selectors: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist). IPv4 only.
 */
final class NetworkPolicies {

  /** Where the release runs. */
  static final String NAMESPACE = "shopscale";

  private final List<ObjectNode> policies;

  NetworkPolicies(Manifests manifests) {
    this.policies = manifests.ofKind("NetworkPolicy");
  }

  /** A party to a connection. namespace null: outside the cluster. */
  record Peer(String description, String namespace, Map<String, String> namespaceLabels, Map<String, String> labels,
      Map<String, Integer> namedPorts, String ip) {

    static Peer outside(String description, String ip) {
      return new Peer(description, null, Map.of(), Map.of(), Map.of(), ip);
    }

    static Peer pod(String description, String namespace, Map<String, String> labels, String ip) {
      return new Peer(description, namespace, Map.of("kubernetes.io/metadata.name", namespace), labels, Map.of(), ip);
    }

    /** A pod of one of the release's Deployments, with its labels and named ports. */
    static Peer of(ObjectNode deployment, String ip) {
      Map<String, String> labels = new HashMap<>();
      deployment.at("/spec/template/metadata/labels").properties().forEach(e -> labels.put(e.getKey(),
          e.getValue().asText()));
      Map<String, Integer> ports = new HashMap<>();
      deployment.at("/spec/template/spec/containers").forEach(c -> c.path("ports").forEach(p -> ports.put(
          p.path("name").asText(), p.path("containerPort").asInt())));
      return new Peer(Manifests.name(deployment), NAMESPACE, Map.of("kubernetes.io/metadata.name", NAMESPACE),
          labels, ports, ip);
    }

    boolean inCluster() {
      return namespace != null;
    }

    @Override
    public String toString() {
      return description;
    }
  }

  /** Whether source may open a connection to destination's port (a number or a named port), TCP or UDP. */
  boolean allows(Peer source, Peer destination, String port, String protocol) {
    return egressAllows(source, destination, port, protocol) && ingressAllows(source, destination, port, protocol);
  }

  boolean ingressAllows(Peer source, Peer destination, String port, String protocol) {
    if (!destination.inCluster()) {
      return true;
    }
    return direction(destination, "Ingress", "ingress", "from", source, destination, port, protocol);
  }

  boolean egressAllows(Peer source, Peer destination, String port, String protocol) {
    if (!source.inCluster()) {
      return true;
    }
    return direction(source, "Egress", "egress", "to", destination, destination, port, protocol);
  }

  private boolean direction(Peer subject, String type, String rulesField, String peersField, Peer other,
      Peer destination, String port, String protocol) {
    boolean isolated = false;
    for (ObjectNode policy : policies) {
      if (!subject.namespace().equals(NAMESPACE) || !selects(policy.at("/spec/podSelector"), subject.labels())
          || !policyTypes(policy).contains(type)) {
        continue;
      }
      isolated = true;
      for (JsonNode rule : policy.at("/spec/" + rulesField)) {
        if (peersMatch(rule.path(peersField), other) && portsMatch(rule.path("ports"), destination, port, protocol)) {
          return true;
        }
      }
    }
    return !isolated;
  }

  private static List<String> policyTypes(JsonNode policy) {
    JsonNode types = policy.at("/spec/policyTypes");
    if (types.isMissingNode() || types.isEmpty()) {
      return policy.at("/spec/egress").isMissingNode() ? List.of("Ingress") : List.of("Ingress", "Egress");
    }
    return types.valueStream().map(JsonNode::asText).toList();
  }

  private static boolean peersMatch(JsonNode peers, Peer peer) {
    if (peers.isMissingNode() || peers.isNull() || peers.isEmpty()) {
      return true;
    }
    for (JsonNode selector : peers) {
      if (selector.has("ipBlock")) {
        JsonNode block = selector.path("ipBlock");
        if (peer.ip() != null && inCidr(peer.ip(), block.path("cidr").asText())
            && block.path("except").valueStream().noneMatch(e -> inCidr(peer.ip(), e.asText()))) {
          return true;
        }
        continue;
      }
      if (!peer.inCluster()) {
        continue;
      }
      boolean namespaceMatches = selector.has("namespaceSelector")
          ? selects(selector.path("namespaceSelector"), peer.namespaceLabels())
          : peer.namespace().equals(NAMESPACE);
      boolean podMatches = !selector.has("podSelector") || selects(selector.path("podSelector"), peer.labels());
      if (namespaceMatches && podMatches) {
        return true;
      }
    }
    return false;
  }

  private static boolean portsMatch(JsonNode ports, Peer destination, String port, String protocol) {
    if (ports.isMissingNode() || ports.isNull() || ports.isEmpty()) {
      return true;
    }
    int number = resolve(port, destination);
    for (JsonNode rule : ports) {
      if (!rule.path("protocol").asText("TCP").equals(protocol)) {
        continue;
      }
      if (!rule.has("port")) {
        return true;
      }
      int allowed = resolve(rule.path("port").asText(), destination);
      int end = rule.path("endPort").asInt(allowed);
      if (number > 0 && number >= allowed && number <= end) {
        return true;
      }
    }
    return false;
  }

  private static int resolve(String port, Peer destination) {
    if (port.chars().allMatch(Character::isDigit)) {
      return Integer.parseInt(port);
    }
    return destination.namedPorts().getOrDefault(port, -1);
  }

  /** A LabelSelector; an empty one selects everything. */
  static boolean selects(JsonNode selector, Map<String, String> labels) {
    if (selector.isMissingNode() || selector.isNull()) {
      return false;
    }
    for (var e : selector.path("matchLabels").properties()) {
      if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    for (JsonNode expression : selector.path("matchExpressions")) {
      String key = expression.path("key").asText();
      List<String> values = expression.path("values").valueStream().map(JsonNode::asText).toList();
      boolean ok = switch (expression.path("operator").asText()) {
        case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
        case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
        case "Exists" -> labels.containsKey(key);
        case "DoesNotExist" -> !labels.containsKey(key);
        default -> throw new IllegalArgumentException("operator " + expression);
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  static boolean inCidr(String ip, String cidr) {
    String[] parts = cidr.split("/");
    int bits = parts.length > 1 ? Integer.parseInt(parts[1]) : 32;
    long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
    return (ipv4(ip) & mask) == (ipv4(parts[0]) & mask);
  }

  private static long ipv4(String address) {
    long value = 0;
    for (String octet : address.split("\\.")) {
      value = (value << 8) | Integer.parseInt(octet);
    }
    return value;
  }
}
