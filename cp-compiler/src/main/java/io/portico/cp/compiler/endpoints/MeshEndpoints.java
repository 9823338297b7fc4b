package io.portico.cp.compiler.endpoints;

import io.portico.cp.compiler.context.MeshContext;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.Selector;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.policy.ExternalServiceSpec;
import io.portico.mesh.api.validation.TagRules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The endpoints of a mesh indexed by {@code kuma.io/service}: every inbound of every dataplane (its
 * tags, address, port and health) and the ExternalServices. It depends on the mesh only, so it is
 * built once per snapshot and shared, read-only, by the compilation of every proxy of the mesh.
 *
 * <p>Lookups keep the mesh's order (dataplanes by name, then inbounds in declaration order;
 * ExternalServices by name): a destination's endpoints come out in the same order as from a scan of
 * every inbound.
 */
public final class MeshEndpoints {
  private final List<Inbound> inbounds;
  private final Map<String, List<Inbound>> inboundsByService;
  private final Map<String, List<Resource<ExternalServiceSpec>>> externalByService;

  private MeshEndpoints(
      List<Inbound> inbounds,
      Map<String, List<Inbound>> inboundsByService,
      Map<String, List<Resource<ExternalServiceSpec>>> externalByService) {
    this.inbounds = inbounds;
    this.inboundsByService = inboundsByService;
    this.externalByService = externalByService;
  }

  /** Indexes the inbounds and ExternalServices of a mesh. */
  public static MeshEndpoints of(MeshContext mesh) {
    List<Inbound> inbounds = new ArrayList<>();
    Map<String, List<Inbound>> byService = new HashMap<>();
    for (Resource<DataplaneSpec> dataplane : mesh.dataplanes()) {
      DataplaneSpec.Networking networking = dataplane.spec().networking();
      if (networking == null) {
        continue;
      }
      for (DataplaneSpec.Inbound inbound : networking.inbound()) {
        if (inbound == null) {
          continue;
        }
        String address =
            !networking.advertisedAddress().isEmpty()
                ? networking.advertisedAddress()
                : !inbound.address().isEmpty() ? inbound.address() : networking.address();
        boolean healthy = inbound.health() == null || inbound.health().ready();
        Inbound indexed = new Inbound(inbound.tags(), address, inbound.port(), healthy);
        inbounds.add(indexed);
        String service = inbound.tags().get(TagRules.SERVICE);
        if (service != null) {
          byService.computeIfAbsent(service, s -> new ArrayList<>()).add(indexed);
        }
      }
    }
    Map<String, List<Inbound>> frozen = new HashMap<>();
    byService.forEach((service, list) -> frozen.put(service, List.copyOf(list)));
    Map<String, List<Resource<ExternalServiceSpec>>> external = new LinkedHashMap<>();
    for (Resource<ExternalServiceSpec> service : mesh.externalServices()) {
      String name = service.spec().tags().get(TagRules.SERVICE);
      if (name != null) {
        external.computeIfAbsent(name, n -> new ArrayList<>()).add(service);
      }
    }
    Map<String, List<Resource<ExternalServiceSpec>>> frozenExternal = new LinkedHashMap<>();
    external.forEach((service, list) -> frozenExternal.put(service, List.copyOf(list)));
    return new MeshEndpoints(
        List.copyOf(inbounds),
        Collections.unmodifiableMap(frozen),
        Collections.unmodifiableMap(frozenExternal));
  }

  /**
   * The inbounds that may match a destination tag map, in mesh order: those of its {@code
   * kuma.io/service} when it names one, every inbound when it has none or {@code *}. The caller
   * still matches the other tags (and health).
   */
  List<Inbound> candidates(Map<String, String> destination) {
    String service = destination.get(TagRules.SERVICE);
    if (!destination.containsKey(TagRules.SERVICE) || Selector.WILDCARD.equals(service)) {
      return inbounds;
    }
    return inboundsByService.getOrDefault(service == null ? "" : service, List.of());
  }

  /** The ExternalServices whose {@code kuma.io/service} is {@code service}, by name; or null. */
  List<Resource<ExternalServiceSpec>> externalServices(String service) {
    return externalByService.get(service);
  }

  /**
   * One inbound of a dataplane as an endpoint candidate.
   *
   * @param tags the inbound's tags
   * @param address the dataplane's advertised address, else the inbound's, else the dataplane's
   * @param port the inbound port
   * @param healthy no {@code health}, or {@code health.ready: true}
   */
  record Inbound(Map<String, String> tags, String address, int port, boolean healthy) {}
}
