package io.portico.cp.compiler;

import io.portico.cp.compiler.context.MeshContext;
import io.portico.cp.compiler.emit.ProxyConfigEmitter;
import io.portico.cp.compiler.endpoints.Upstreams;
import io.portico.cp.compiler.gateway.GatewayPlanner;
import io.portico.cp.compiler.plan.AdminPlan;
import io.portico.cp.compiler.plan.ListenerPlan;
import io.portico.cp.compiler.plan.ProxyPlan;
import io.portico.cp.compiler.sidecar.SidecarPlanner;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.proxy.api.v1.ProxyConfig;
import java.util.List;

/**
 * Compiles the config of one proxy: a pure function of (mesh snapshot, dataplane). No I/O, no
 * threads, no clock: the same inputs give the same ProxyConfig, version included, whatever the
 * order of the snapshot's lists.
 *
 * <pre>
 *  MeshSnapshot ─▶ MeshContext (sorted) ─┬─ BUILTIN gateway ─▶ gateway.GatewayPlanner ─┐
 *                                        ├─ DELEGATED gateway ─▶ sidecar (outbounds) ───┼─▶ ProxyPlan ─▶ emit ─▶ ProxyConfig
 *                                        └─ sidecar ─▶ sidecar (inbounds + outbounds) ──┘
 * </pre>
 *
 * Every config has an admin server on {@code 127.0.0.1}, port {@code networking.admin.port} or 9901
 * (spec/core.md §2.5).
 */
public final class ProxyConfigCompiler {
  /**
   * The config for {@code dataplane}, a member of {@code snapshot}'s mesh.
   *
   * @throws IllegalArgumentException when the dataplane belongs to another mesh
   */
  public ProxyConfig compile(MeshSnapshot snapshot, Resource<DataplaneSpec> dataplane) {
    return ProxyConfigEmitter.emit(plan(snapshot, dataplane));
  }

  /**
   * The plan of the config for {@code dataplane}: what {@link #compile} writes, with the policies
   * that won for each cluster and route (for explanations and tests).
   *
   * @throws IllegalArgumentException when the dataplane belongs to another mesh
   */
  public ProxyPlan plan(MeshSnapshot snapshot, Resource<DataplaneSpec> dataplane) {
    if (!snapshot.meshName().equals(dataplane.mesh())) {
      throw new IllegalArgumentException(
          "dataplane "
              + dataplane.name()
              + " is in mesh "
              + dataplane.mesh()
              + ", not in "
              + snapshot.meshName());
    }
    MeshContext mesh =
        new MeshContext(
            snapshot.meshName(),
            snapshot.dataplanes(),
            snapshot.gateways(),
            snapshot.routes(),
            snapshot.externalServices(),
            snapshot.policies());
    DataplaneSpec spec = dataplane.spec();
    DataplaneSpec.Networking networking = spec.networking();
    AdminPlan admin =
        AdminPlan.forPort(
            networking == null || networking.admin() == null ? 0 : networking.admin().port());
    List<ListenerPlan> listeners;
    if (networking == null) {
      listeners = List.of();
    } else {
      Upstreams upstreams = Upstreams.of(mesh);
      if (spec.isBuiltinGateway()) {
        listeners = GatewayPlanner.listeners(mesh, upstreams, dataplane);
      } else if (spec.isDelegatedGateway()) {
        listeners = SidecarPlanner.delegatedGateway(mesh, upstreams, dataplane);
      } else {
        listeners = SidecarPlanner.sidecar(mesh, upstreams, dataplane);
      }
    }
    return new ProxyPlan(dataplane.mesh(), dataplane.name(), admin, listeners);
  }
}
