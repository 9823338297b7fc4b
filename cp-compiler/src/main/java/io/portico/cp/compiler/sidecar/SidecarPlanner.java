package io.portico.cp.compiler.sidecar;

import io.portico.cp.compiler.context.MeshContext;
import io.portico.cp.compiler.endpoints.Upstreams;
import io.portico.cp.compiler.plan.ListenerPlan;
import io.portico.cp.compiler.plan.Problems;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The listeners of a dataplane that is not a builtin gateway.
 *
 * <ul>
 *   <li>A sidecar: its inbound listeners in declaration order, then its outbound listeners in
 *       declaration order; its tag sets for policy matching are its inbounds' tags.
 *   <li>A delegated gateway (spec/gateway.md §6.2): outbound listeners only, its gateway tags being
 *       its one tag set; no inbound (traffic reaches the third-party gateway directly).
 * </ul>
 *
 * Transparent proxying (outbounds for every reachable service) is not compiled yet.
 */
public final class SidecarPlanner {
  private SidecarPlanner() {}

  /** The inbound and outbound listeners of a sidecar. */
  public static List<ListenerPlan> sidecar(
      MeshContext mesh, Upstreams upstreams, Resource<DataplaneSpec> dataplane, Problems problems) {
    DataplaneSpec.Networking networking = dataplane.spec().networking();
    List<Map<String, String>> tagSets = new ArrayList<>();
    SortedMap<String, SortedSet<String>> tags = new TreeMap<>();
    for (DataplaneSpec.Inbound inbound : networking.inbound()) {
      if (inbound != null) {
        tagSets.add(inbound.tags());
        inbound.tags().forEach((k, v) -> tags.computeIfAbsent(k, x -> new TreeSet<>()).add(v));
      }
    }
    List<ListenerPlan> out = new ArrayList<>(InboundPlanner.listeners(mesh, networking, problems));
    out.addAll(OutboundPlanner.listeners(mesh, upstreams, networking, tagSets, tags, problems));
    return out;
  }

  /** The outbound listeners of a delegated gateway. */
  public static List<ListenerPlan> delegatedGateway(
      MeshContext mesh, Upstreams upstreams, Resource<DataplaneSpec> dataplane, Problems problems) {
    DataplaneSpec.Networking networking = dataplane.spec().networking();
    Map<String, String> gatewayTags = networking.gateway().tags();
    SortedMap<String, SortedSet<String>> tags = new TreeMap<>();
    gatewayTags.forEach((k, v) -> tags.put(k, new TreeSet<>(List.of(v))));
    return OutboundPlanner.listeners(
        mesh, upstreams, networking, List.of(gatewayTags), tags, problems);
  }
}
