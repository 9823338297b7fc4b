package io.portico.mesh.api.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.SpecValues;
import java.util.Map;

/**
 * The spec of a MeshGatewayInstance (Kubernetes only, spec/gateway.md §1.5): a request to run
 * builtin gateway dataplanes as a Deployment behind a Service.
 *
 * <p>{@code resources} (container resources) and {@code serviceTemplate} (metadata and spec copied
 * onto the generated Service) are Kubernetes objects kept as JSON trees.
 *
 * @param replicas number of gateway pods; 1 when absent
 * @param serviceType the type of the generated Service; LoadBalancer when absent
 * @param tags the dataplanes' gateway tags; {@code kuma.io/service} is mandatory
 * @param resources the proxy container's resource requirements; null when absent
 * @param serviceTemplate metadata and spec merged into the generated Service; null when absent
 * @param podTemplate Kuma 2.2's customization of the gateway pods (spec/kubernetes.md §4.8, D12):
 *     {@code metadata.labels}/{@code annotations}, {@code spec.serviceAccountName}, {@code
 *     spec.securityContext.fsGroup}, {@code spec.container.securityContext.readOnlyRootFilesystem};
 *     null when absent
 */
public record MeshGatewayInstanceSpec(
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer replicas,
    ServiceType serviceType,
    Map<String, String> tags,
    JsonNode resources,
    JsonNode serviceTemplate,
    @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode podTemplate)
    implements ResourceSpec {
  public MeshGatewayInstanceSpec {
    replicas = replicas == null ? 1 : replicas;
    serviceType = serviceType == null ? ServiceType.LOAD_BALANCER : serviceType;
    tags = SpecValues.tags(tags);
    resources = copy(resources);
    serviceTemplate = copy(serviceTemplate);
    podTemplate = copy(podTemplate);
  }

  /** A spec without pod template (Kuma 2.0's fields). */
  public MeshGatewayInstanceSpec(
      Integer replicas,
      ServiceType serviceType,
      Map<String, String> tags,
      JsonNode resources,
      JsonNode serviceTemplate) {
    this(replicas, serviceType, tags, resources, serviceTemplate, null);
  }

  @Override
  public JsonNode podTemplate() {
    return copy(podTemplate);
  }

  @Override
  public JsonNode resources() {
    return copy(resources);
  }

  @Override
  public JsonNode serviceTemplate() {
    return copy(serviceTemplate);
  }

  /** A deep copy, so that the record stays immutable; null for an absent or JSON-null tree. */
  private static JsonNode copy(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    return node.deepCopy();
  }

  /** Kubernetes Service types, written with their Kubernetes names. */
  public enum ServiceType {
    @JsonProperty("LoadBalancer")
    LOAD_BALANCER("LoadBalancer"),
    @JsonProperty("ClusterIP")
    CLUSTER_IP("ClusterIP"),
    @JsonProperty("NodePort")
    NODE_PORT("NodePort");

    private final String kubernetesName;

    ServiceType(String kubernetesName) {
      this.kubernetesName = kubernetesName;
    }

    @Override
    public String toString() {
      return kubernetesName;
    }
  }
}
