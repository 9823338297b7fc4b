package io.portico.cli.inspect;

import java.util.Map;
import java.util.Objects;

/**
 * What {@code inspect meshes} shows of one mesh.
 *
 * @param mesh the mesh name
 * @param onlineDataplanes dataplanes connected to a control plane with every inbound ready
 * @param totalDataplanes all dataplanes of the mesh
 * @param policyTotals the number of resources per type name ({@code TrafficPermission})
 */
record MeshSummary(
    String mesh, long onlineDataplanes, long totalDataplanes, Map<String, Long> policyTotals) {
  MeshSummary {
    Objects.requireNonNull(mesh, "mesh");
    policyTotals = Map.copyOf(policyTotals);
  }

  long total(String typeName) {
    return policyTotals.getOrDefault(typeName, 0L);
  }
}
