package io.portico.cp.compiler;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.proxy.api.v1.ProxyConfig;

/**
 * Compiles the config of one proxy: a pure function of (mesh snapshot, dataplane). No I/O, no
 * threads, no clock: the same inputs give the same ProxyConfig, version included.
 */
public final class ProxyConfigCompiler {
  /**
   * The config for {@code dataplane}, a member of {@code snapshot}'s mesh.
   *
   * @throws IllegalArgumentException when the dataplane belongs to another mesh
   */
  public ProxyConfig compile(MeshSnapshot snapshot, Resource<DataplaneSpec> dataplane) {
    if (!snapshot.meshName().equals(dataplane.mesh())) {
      throw new IllegalArgumentException(
          "dataplane "
              + dataplane.name()
              + " is in mesh "
              + dataplane.mesh()
              + ", not in "
              + snapshot.meshName());
    }
    return ProxyConfig.newBuilder()
        .setMesh(dataplane.mesh())
        .setDataplane(dataplane.name())
        .build();
  }
}
