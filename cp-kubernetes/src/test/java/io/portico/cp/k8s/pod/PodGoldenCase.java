package io.portico.cp.k8s.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.portico.cp.k8s.KubernetesSettings;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One golden case of the pod conversion: {@code NN-rule.input.yaml} holds YAML documents — exactly
 * one {@code Pod}, at most one {@code Namespace} (default: the pod's, unannotated), any {@code
 * Service}s (those of the pod's namespace are the candidates of §5.3, all of them can be found for
 * §5.6) and any {@code kuma.io/v1alpha1 Dataplane}s (the other Dataplanes of the pod's mesh, for
 * §5.6). Leading {@code # zone: <name>} runs the conversion as a zone control plane.
 *
 * <p>{@code NN-rule.golden.yaml} is the result: the Dataplane in its Kubernetes form, or {@code
 * result: NotManaged|Delete|Failure} with the reason or message.
 */
record PodGoldenCase(
    Pod pod,
    Namespace namespace,
    List<Service> services,
    List<DataplaneSpec> meshDataplanes,
    KubernetesSettings settings) {
  static final ResourceCodec CODEC = ResourceCodec.standard();

  static PodGoldenCase load(Path input) throws IOException {
    String text = Files.readString(input);
    Pod pod = null;
    Namespace namespace = null;
    List<Service> services = new ArrayList<>();
    List<DataplaneSpec> dataplanes = new ArrayList<>();
    String zone = "";
    for (String line : text.split("\n")) {
      if (line.startsWith("# zone:")) {
        zone = line.substring("# zone:".length()).trim();
      }
    }
    for (String document : text.split("(?m)^---\\s*$")) {
      if (document.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) {
        continue;
      }
      JsonNode tree = CODEC.readTree(document);
      if (tree == null || tree.isMissingNode() || tree.isNull()) {
        continue;
      }
      String kind = tree.path("kind").asText();
      if (ResourceCodec.KUBERNETES_API_VERSION.equals(tree.path("apiVersion").asText())) {
        Resource<?> resource = CODEC.fromTree(tree);
        dataplanes.add((DataplaneSpec) resource.spec());
        continue;
      }
      switch (kind) {
        case "Pod" -> {
          if (pod != null) {
            throw new IllegalArgumentException(input + ": more than one Pod");
          }
          pod = Serialization.unmarshal(document, Pod.class);
        }
        case "Namespace" -> namespace = Serialization.unmarshal(document, Namespace.class);
        case "Service" -> services.add(Serialization.unmarshal(document, Service.class));
        default -> throw new IllegalArgumentException(input + ": unexpected kind " + kind);
      }
    }
    Objects.requireNonNull(pod, input + ": no Pod");
    if (namespace == null) {
      namespace =
          new NamespaceBuilder()
              .withNewMetadata()
              .withName(pod.getMetadata().getNamespace())
              .endMetadata()
              .build();
    }
    KubernetesSettings defaults = KubernetesSettings.defaults();
    KubernetesSettings settings =
        new KubernetesSettings(
            defaults.systemNamespace(),
            defaults.controlPlaneServiceName(),
            defaults.serviceAccountName(),
            defaults.dpServerPort(),
            defaults.admissionServer(),
            defaults.sidecar(),
            defaults.controlPlaneCaCertPem(),
            defaults.injectionExceptionLabels(),
            zone);
    return new PodGoldenCase(pod, namespace, services, dataplanes, settings);
  }

  /** The Services of the pod's namespace: the candidates of §5.3. */
  List<Service> servicesInNamespace() {
    return services.stream()
        .filter(
            s -> Objects.equals(s.getMetadata().getNamespace(), pod.getMetadata().getNamespace()))
        .toList();
  }

  OutboundSources outboundSources() {
    return OutboundSources.of(meshDataplanes, services);
  }

  PodConversion convert() {
    return new PodConverter()
        .convert(pod, namespace, servicesInNamespace(), outboundSources(), settings);
  }

  /** The golden text of a result. */
  static String print(PodConversion result) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    if (result instanceof PodConversion.Dataplane dataplane) {
      out.put("apiVersion", ResourceCodec.KUBERNETES_API_VERSION);
      out.put("kind", "Dataplane");
      out.put("mesh", dataplane.mesh());
      ObjectNode metadata = out.putObject("metadata");
      metadata.put("name", dataplane.name());
      metadata.put("namespace", dataplane.namespace());
      out.set("spec", CODEC.specToTree(dataplane.spec()));
    } else if (result instanceof PodConversion.NotManaged) {
      out.put("result", "NotManaged");
    } else if (result instanceof PodConversion.Delete delete) {
      out.put("result", "Delete");
      out.put("reason", delete.reason());
    } else if (result instanceof PodConversion.Failure failure) {
      out.put("result", "Failure");
      out.put("message", failure.message());
    }
    return CODEC.writeYaml(out);
  }
}
