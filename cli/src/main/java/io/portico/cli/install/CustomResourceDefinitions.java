package io.portico.cli.install;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.mesh.api.types.KubernetesKinds;
import io.portico.mesh.api.types.KubernetesKinds.KubernetesKind;
import io.portico.mesh.api.types.KubernetesKinds.MeshPlacement;
import java.util.Comparator;
import java.util.List;

/**
 * One {@code apiextensions.k8s.io/v1} CustomResourceDefinition per custom resource of {@link
 * KubernetesKinds} (spec/kubernetes.md §2.1, §2.2), sorted by plural as Kuma's CRD files ({@code
 * kuma.io_<plural>.yaml}) are.
 *
 * <p>Group {@code kuma.io}, the one version {@code v1alpha1} (served, storage), category {@code
 * kuma}. The schema declares only {@code apiVersion}, {@code kind}, {@code metadata}, {@code mesh}
 * (for the kinds that keep their mesh in that field or have none; the 2.0 policies keep it in a
 * label and MeshGatewayInstance in an annotation) and the body ({@code spec}, or {@code status} for
 * DataplaneInsight) with {@code x-kubernetes-preserve-unknown-fields}: the API server validates
 * nothing, the admission webhook does.
 *
 * <p>MeshGatewayInstance alone has a {@code status} subresource and a {@code status} field (which
 * must be declared, else the API server prunes it), and declares the defaults of its {@code
 * spec.replicas} (1, at least 1) and {@code spec.serviceType} ({@code LoadBalancer}, {@code
 * ClusterIP} or {@code NodePort}) of §4.1; the controllers apply them too (§12 D3).
 */
final class CustomResourceDefinitions {
  static final String API_VERSION = "apiextensions.k8s.io/v1";
  static final String CATEGORY = "kuma";
  static final String GATEWAY_INSTANCE = "MeshGatewayInstance";

  private CustomResourceDefinitions() {}

  /** The custom resource kinds (Secrets left out), sorted by plural. */
  static List<KubernetesKind> kinds() {
    return KubernetesKinds.all().stream()
        .filter(kind -> !kind.isSecret())
        .sorted(Comparator.comparing(KubernetesKind::plural))
        .toList();
  }

  /** Every CRD, sorted by plural. */
  static List<ObjectNode> all() {
    return kinds().stream().map(CustomResourceDefinitions::of).toList();
  }

  /** The CRD of one kind. */
  static ObjectNode of(KubernetesKind kind) {
    ObjectNode crd = KubeObjects.object(API_VERSION, "CustomResourceDefinition", kind.crdName());
    ObjectNode spec = crd.putObject("spec");
    spec.put("group", KubernetesKinds.GROUP);
    ObjectNode names = spec.putObject("names");
    names.set("categories", KubeObjects.strings(List.of(CATEGORY)));
    names.put("kind", kind.kind());
    names.put("listKind", kind.kind() + "List");
    names.put("plural", kind.plural());
    names.put("singular", kind.singular());
    spec.put("scope", kind.isNamespaced() ? "Namespaced" : "Cluster");
    ObjectNode version = spec.putArray("versions").addObject();
    version.put("name", KubernetesKinds.VERSION);
    version.putObject("schema").set("openAPIV3Schema", schema(kind));
    version.put("served", true);
    version.put("storage", true);
    if (kind.hasStatusSubresource()) {
      version.putObject("subresources").putObject("status");
    }
    return crd;
  }

  private static ObjectNode schema(KubernetesKind kind) {
    ObjectNode schema = KubeObjects.NODES.objectNode();
    schema.put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    properties.putObject("apiVersion").put("type", "string");
    properties.putObject("kind").put("type", "string");
    properties.putObject("metadata").put("type", "object");
    if (kind.mesh() == MeshPlacement.FIELD || kind.mesh() == MeshPlacement.NONE) {
      properties.putObject("mesh").put("type", "string");
    }
    if (kind.kind().equals(GATEWAY_INSTANCE)) {
      properties.set(kind.bodyField(), gatewayInstanceSpec());
    } else {
      properties.putObject(kind.bodyField()).put("x-kubernetes-preserve-unknown-fields", true);
    }
    if (kind.hasStatusSubresource()) {
      ObjectNode status = properties.putObject("status");
      status.put("type", "object");
      status.put("x-kubernetes-preserve-unknown-fields", true);
    }
    return schema;
  }

  /** MeshGatewayInstance's {@code spec}: the two fields with defaults, the rest kept as given. */
  private static ObjectNode gatewayInstanceSpec() {
    ObjectNode spec = KubeObjects.NODES.objectNode();
    spec.put("type", "object");
    ObjectNode properties = spec.putObject("properties");
    ObjectNode replicas = properties.putObject("replicas");
    replicas.put("type", "integer");
    replicas.put("format", "int32");
    replicas.put("minimum", 1);
    replicas.put("default", 1);
    ObjectNode serviceType = properties.putObject("serviceType");
    serviceType.put("type", "string");
    serviceType.set("enum", KubeObjects.strings(List.of("LoadBalancer", "ClusterIP", "NodePort")));
    serviceType.put("default", "LoadBalancer");
    spec.put("x-kubernetes-preserve-unknown-fields", true);
    return spec;
  }
}
