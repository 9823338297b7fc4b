package io.portico.cp.compiler.context;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.gateway.MeshGatewaySpec;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A MeshGateway with crossMesh listeners, of any mesh (this one included), as clients of other
 * meshes see it (spec/gateway.md §5).
 *
 * @param mesh the gateway's mesh
 * @param gateway the MeshGateway
 * @param dataplanes its gateway dataplanes, sorted by name
 * @param trustedCaPems its mesh's CA certificates
 */
public record CrossMeshPeer(
    String mesh,
    Resource<MeshGatewaySpec> gateway,
    List<Resource<DataplaneSpec>> dataplanes,
    List<String> trustedCaPems) {
  /** By mesh, then gateway name. */
  static final Comparator<CrossMeshPeer> ORDER =
      Comparator.comparing(CrossMeshPeer::mesh).thenComparing(p -> p.gateway().name());

  public CrossMeshPeer {
    Objects.requireNonNull(mesh, "mesh");
    Objects.requireNonNull(gateway, "gateway");
    dataplanes = dataplanes.stream().sorted(Comparator.comparing(Resource::name)).toList();
    trustedCaPems = List.copyOf(trustedCaPems);
  }
}
