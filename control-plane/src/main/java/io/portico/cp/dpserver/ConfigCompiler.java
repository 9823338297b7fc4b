package io.portico.cp.dpserver;

import io.portico.cp.compiler.MeshSnapshot;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.proxy.api.v1.ProxyConfig;

/**
 * Compiles one proxy's config; {@link io.portico.cp.compiler.ProxyConfigCompiler#compile} in
 * production. A pure function: the DP server calls it only when its inputs changed.
 */
@FunctionalInterface
public interface ConfigCompiler {
  ProxyConfig compile(MeshSnapshot snapshot, Resource<DataplaneSpec> dataplane);
}
