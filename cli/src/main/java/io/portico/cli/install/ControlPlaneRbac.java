package io.portico.cli.install;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.mesh.api.types.KubernetesKinds;
import io.portico.mesh.api.types.KubernetesKinds.KubernetesKind;
import java.util.List;
import java.util.Map;

/**
 * The control plane's permissions (spec/kubernetes.md §8): a ClusterRole for what it reads and
 * writes cluster-wide and a Role in the system namespace, each bound to its ServiceAccount.
 *
 * <p>The ClusterRole has exactly the rules of §8 without the Gateway API rule (Portico has no
 * Gateway API support): every custom resource of {@link CustomResourceDefinitions}, including
 * {@code meshgatewayinstances}. The Role grants secrets and configmaps (Kuma Secrets, the VIP
 * ConfigMaps) and the leases of leader election; Kuma's {@code pods: delete} for its
 * leader-for-life lock is left out because Portico elects its leader with a Lease (§8 [portico]).
 */
final class ControlPlaneRbac {
  static final String RBAC_API_VERSION = "rbac.authorization.k8s.io/v1";
  static final String RBAC_GROUP = "rbac.authorization.k8s.io";
  static final List<String> READ = List.of("get", "list", "watch");
  static final List<String> ALL =
      List.of("get", "list", "watch", "create", "update", "patch", "delete");

  private ControlPlaneRbac() {}

  /** One policy rule; an empty API group is the core group. */
  record Rule(List<String> apiGroups, List<String> resources, List<String> verbs) {
    Rule {
      apiGroups = List.copyOf(apiGroups);
      resources = List.copyOf(resources);
      verbs = List.copyOf(verbs);
    }

    ObjectNode toTree() {
      ObjectNode rule = KubeObjects.NODES.objectNode();
      rule.set("apiGroups", KubeObjects.strings(apiGroups));
      rule.set("resources", KubeObjects.strings(resources));
      rule.set("verbs", KubeObjects.strings(verbs));
      return rule;
    }
  }

  /** The ClusterRole's rules, in §8's order. */
  static List<Rule> clusterRules() {
    List<String> plurals =
        CustomResourceDefinitions.kinds().stream().map(KubernetesKind::plural).toList();
    return List.of(
        new Rule(List.of(""), List.of("namespaces", "pods", "configmaps", "nodes"), READ),
        new Rule(
            List.of("apps"),
            List.of("deployments"),
            List.of("create", "delete", "get", "list", "patch", "update", "watch")),
        new Rule(
            List.of(""),
            List.of("services"),
            List.of("get", "delete", "list", "watch", "create", "update", "patch")),
        new Rule(List.of(""), List.of("events"), List.of("create", "patch")),
        new Rule(List.of(KubernetesKinds.GROUP), plurals, ALL),
        new Rule(
            List.of(KubernetesKinds.GROUP),
            List.of(
                "meshgatewayinstances/status",
                "meshgatewayinstances/finalizers",
                "meshes/finalizers",
                "dataplanes/finalizers"),
            List.of("get", "patch", "update")),
        new Rule(List.of(""), List.of("pods/finalizers"), List.of("get", "patch", "update")),
        new Rule(List.of("authentication.k8s.io"), List.of("tokenreviews"), List.of("create")),
        new Rule(List.of("coordination.k8s.io"), List.of("leases"), ALL));
  }

  /** The Role's rules in the system namespace. */
  static List<Rule> namespaceRules() {
    return List.of(
        new Rule(List.of(""), List.of("secrets", "configmaps"), ALL),
        new Rule(List.of("coordination.k8s.io"), List.of("leases"), ALL));
  }

  static ObjectNode clusterRole(String name, Map<String, String> labels) {
    ObjectNode role = KubeObjects.object(RBAC_API_VERSION, "ClusterRole", name, null, labels);
    role.set("rules", rules(clusterRules()));
    return role;
  }

  static ObjectNode clusterRoleBinding(String name, String namespace, Map<String, String> labels) {
    ObjectNode binding =
        KubeObjects.object(RBAC_API_VERSION, "ClusterRoleBinding", name, null, labels);
    return bind(binding, "ClusterRole", name, namespace);
  }

  static ObjectNode role(String name, String namespace, Map<String, String> labels) {
    ObjectNode role = KubeObjects.object(RBAC_API_VERSION, "Role", name, namespace, labels);
    role.set("rules", rules(namespaceRules()));
    return role;
  }

  static ObjectNode roleBinding(String name, String namespace, Map<String, String> labels) {
    ObjectNode binding =
        KubeObjects.object(RBAC_API_VERSION, "RoleBinding", name, namespace, labels);
    return bind(binding, "Role", name, namespace);
  }

  /** Binds the role {@code name} to the ServiceAccount {@code name} of the namespace. */
  private static ObjectNode bind(ObjectNode binding, String roleKind, String name, String ns) {
    ObjectNode roleRef = binding.putObject("roleRef");
    roleRef.put("apiGroup", RBAC_GROUP);
    roleRef.put("kind", roleKind);
    roleRef.put("name", name);
    ObjectNode subject = binding.putArray("subjects").addObject();
    subject.put("kind", "ServiceAccount");
    subject.put("name", name);
    subject.put("namespace", ns);
    return binding;
  }

  private static ArrayNode rules(List<Rule> rules) {
    ArrayNode array = KubeObjects.NODES.arrayNode();
    rules.forEach(rule -> array.add(rule.toTree()));
    return array;
  }
}
