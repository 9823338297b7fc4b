package io.portico.cp.k8s.gateway;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.gateway.GatewaySelection;
import io.portico.mesh.api.gateway.MeshGatewaySpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which MeshGateway a MeshGatewayInstance serves: {@link GatewaySelection}, the rule the compiler
 * applies to the gateway dataplanes these instances run (spec/gateway.md §2.1), with each selector
 * matched against the instance's {@code spec.tags} (spec/kubernetes.md §4.3 step 2), among the
 * MeshGateways of the instance's mesh only.
 */
public final class GatewayMatch {
  private GatewayMatch() {}

  /**
   * The MeshGateway of {@code mesh} whose selectors best match the instance's tags, if any.
   *
   * @param gateways MeshGateways, of any mesh (those of other meshes are ignored)
   * @param mesh the instance's mesh
   * @param instanceTags the instance's {@code spec.tags}
   */
  public static Optional<Resource<MeshGatewaySpec>> best(
      List<Resource<MeshGatewaySpec>> gateways, String mesh, Map<String, String> instanceTags) {
    return GatewaySelection.select(
        gateways.stream().filter(g -> g.mesh().equals(mesh)).toList(), instanceTags);
  }
}
