package io.portico.cp.compiler;

import io.portico.cp.compiler.context.CrossMeshPeer;
import io.portico.cp.compiler.context.DataSourceContents;
import io.portico.cp.compiler.context.MeshContext;
import io.portico.cp.compiler.context.MeshMtls;
import io.portico.cp.compiler.endpoints.MeshEndpoints;
import io.portico.mesh.api.DataSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the compilation of every proxy of a mesh derives from its snapshot alone, computed once per
 * snapshot ({@link MeshSnapshot#compilationInputs}) and shared: the sorted {@link MeshContext} and
 * the mesh's endpoints indexed by service ({@link MeshEndpoints}). Immutable.
 *
 * @param context the snapshot's resources sorted by name, with mTLS, data sources and peers
 * @param endpoints the inbounds and ExternalServices of the mesh by service
 */
record CompilationInputs(MeshContext context, MeshEndpoints endpoints) {
  CompilationInputs {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(endpoints, "endpoints");
  }

  static CompilationInputs of(MeshSnapshot snapshot) {
    MeshContext context = context(snapshot);
    return new CompilationInputs(context, MeshEndpoints.of(context));
  }

  private static MeshContext context(MeshSnapshot snapshot) {
    Map<DataSource, DataSourceContents.Content> contents = new HashMap<>();
    snapshot
        .dataSources()
        .forEach(
            (source, data) ->
                contents.put(
                    source,
                    data.isResolved()
                        ? new DataSourceContents.Content(data.content(), null)
                        : new DataSourceContents.Content(
                            null, data.error() == null ? "could not be read" : data.error())));
    List<CrossMeshPeer> peers = new ArrayList<>();
    for (MeshSnapshot.CrossMeshGateway gateway : snapshot.crossMeshGateways()) {
      peers.add(
          new CrossMeshPeer(
              gateway.mesh(), gateway.gateway(), gateway.dataplanes(), gateway.trustedCaPems()));
    }
    return new MeshContext(
        snapshot.meshName(),
        snapshot.dataplanes(),
        snapshot.gateways(),
        snapshot.routes(),
        snapshot.externalServices(),
        snapshot.policies(),
        MeshMtls.of(snapshot.meshName(), snapshot.mesh().spec(), snapshot.trustedCaPems()),
        new DataSourceContents(contents),
        peers,
        snapshot.meshCaPems());
  }
}
