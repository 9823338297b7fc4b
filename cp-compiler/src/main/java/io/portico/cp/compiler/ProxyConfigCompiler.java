package io.portico.cp.compiler;

import io.portico.cp.compiler.accesslog.TrafficLogPlanner;
import io.portico.cp.compiler.authorization.ExternalServicePermissions;
import io.portico.cp.compiler.context.MeshContext;
import io.portico.cp.compiler.emit.ProxyConfigEmitter;
import io.portico.cp.compiler.endpoints.Upstreams;
import io.portico.cp.compiler.fault.FaultInjectionPlanner;
import io.portico.cp.compiler.gateway.GatewayPlanner;
import io.portico.cp.compiler.metrics.MetricsPlanner;
import io.portico.cp.compiler.plan.AccessLogPlan;
import io.portico.cp.compiler.plan.AdminPlan;
import io.portico.cp.compiler.plan.FaultPlan;
import io.portico.cp.compiler.plan.ListenerPlan;
import io.portico.cp.compiler.plan.MetricsPlan;
import io.portico.cp.compiler.plan.Problem;
import io.portico.cp.compiler.plan.Problems;
import io.portico.cp.compiler.plan.ProxyPlan;
import io.portico.cp.compiler.plan.TracingPlan;
import io.portico.cp.compiler.sidecar.SidecarPlanner;
import io.portico.cp.compiler.tracing.TrafficTracePlanner;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.proxy.api.v1.ProxyConfig;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
 * The MeshContext and the endpoint index ({@link CompilationInputs}) depend on the snapshot only:
 * they are computed once per snapshot and shared by the compilations of all its proxies.
 *
 * <p>Every config has an admin server on {@code 127.0.0.1}, port {@code networking.admin.port} or
 * 9901 (spec/core.md §2.5) that also answers {@code /ready} on {@code networking.address} (where a
 * kubelet probes a pod), and a Prometheus endpoint when the mesh's metrics backend (or the
 * dataplane's own {@code metrics}) says so ({@link MetricsPlanner}).
 *
 * <p>With mesh mTLS, listeners and clusters refer to the proxy's identity ({@code use_identity},
 * {@code present_identity}) but the config never carries it: the control plane attaches the
 * identity (certificate, key, trusted CAs) after compilation. What cannot be compiled safely (an
 * HTTPS port whose certificate did not resolve, a crossMesh port without mTLS...) is left out and
 * reported as a {@link Problem} ({@link #compileWithProblems}); compilation never fails on it.
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
   * The config for {@code dataplane} and what was left out of it (to log and report).
   *
   * @throws IllegalArgumentException when the dataplane belongs to another mesh
   */
  public Compilation compileWithProblems(MeshSnapshot snapshot, Resource<DataplaneSpec> dataplane) {
    ProxyPlan plan = plan(snapshot, dataplane);
    return new Compilation(ProxyConfigEmitter.emit(plan), plan.problems());
  }

  /**
   * A compiled config and its problems.
   *
   * @param config the config
   * @param problems what was left out of it and why; empty when nothing was
   */
  public record Compilation(ProxyConfig config, List<Problem> problems) {
    public Compilation {
      Objects.requireNonNull(config, "config");
      problems = List.copyOf(problems);
    }
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
    CompilationInputs inputs = snapshot.compilationInputs();
    MeshContext mesh = inputs.context();
    DataplaneSpec spec = dataplane.spec();
    DataplaneSpec.Networking networking = spec.networking();
    AdminPlan admin =
        AdminPlan.forPort(
            networking == null || networking.admin() == null ? 0 : networking.admin().port());
    Problems problems = new Problems();
    List<ListenerPlan> listeners;
    if (networking == null) {
      listeners = List.of();
    } else {
      Upstreams upstreams =
          Upstreams.of(
              mesh,
              inputs.endpoints(),
              ExternalServicePermissions.allowedFor(mesh, spec.networking().sourceTagSets()),
              problems);
      if (spec.isBuiltinGateway()) {
        listeners = GatewayPlanner.listeners(mesh, upstreams, dataplane, problems);
      } else if (spec.isDelegatedGateway()) {
        listeners = SidecarPlanner.delegatedGateway(mesh, upstreams, dataplane, problems);
      } else {
        listeners = SidecarPlanner.sidecar(mesh, upstreams, dataplane, problems);
      }
    }
    Map<String, AccessLogPlan> accessLogs =
        networking == null
            ? Map.of()
            : TrafficLogPlanner.plan(
                mesh, snapshot.mesh().spec().logging(), dataplane, listeners, problems);
    Map<String, List<FaultPlan>> faults =
        networking == null
            ? Map.of()
            : FaultInjectionPlanner.plan(mesh, dataplane, listeners, problems);
    Map<String, TracingPlan> tracing =
        networking == null
            ? Map.of()
            : TrafficTracePlanner.plan(
                mesh, snapshot.mesh().spec().tracing(), dataplane, listeners, problems);
    MetricsPlan metrics = MetricsPlanner.plan(snapshot.mesh().spec(), spec).orElse(null);
    if (networking != null) {
      admin = admin.withReadinessOn(networking.address(), listeners);
    }
    return new ProxyPlan(
        dataplane.mesh(),
        dataplane.name(),
        admin,
        listeners,
        problems.list(),
        accessLogs,
        faults,
        tracing,
        metrics);
  }
}
