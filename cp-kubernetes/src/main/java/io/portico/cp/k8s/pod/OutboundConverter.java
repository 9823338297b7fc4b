package io.portico.cp.k8s.pod;

import io.fabric8.kubernetes.api.model.Service;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.dataplane.DataplaneSpec.Inbound;
import io.portico.mesh.api.dataplane.DataplaneSpec.Outbound;
import io.portico.mesh.api.validation.TagRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The outbounds of an injected pod: Kuma's, one per Service of the mesh (spec/kubernetes.md §5.6),
 * and Portico's explicit loopback outbounds from {@code portico.io/outbounds} (§6.5 point 4).
 */
final class OutboundConverter {
  private static final String LOOPBACK = "127.0.0.1";
  private static final Pattern TAG_VALUE = Pattern.compile("[a-zA-Z0-9.\\-_:]+");

  private OutboundConverter() {}

  /** One instance of a service: where a Dataplane of the mesh serves it. */
  private record Endpoint(String address, int port, String instance) {}

  private static final Comparator<Endpoint> ENDPOINT_ORDER =
      Comparator.comparing(Endpoint::address)
          .thenComparingInt(Endpoint::port)
          .thenComparing(Endpoint::instance);

  /**
   * Kuma's outbounds (spec/kubernetes.md §5.6): for each distinct inbound {@code kuma.io/service}
   * of the mesh's Dataplanes, sorted, that parses as {@code <name>_<namespace>_svc_<port>}, names
   * an existing Service (not ExternalName) and is reachable: the Service's cluster IP and port; for
   * a headless Service one outbound per endpoint (sorted by address, port), skipping the pod's own
   * IP.
   *
   * @param reachableServices {@code kuma.io/transparent-proxying-reachable-services} when
   *     transparent proxying is enabled (Kuma reads it only then); empty = all
   */
  static List<Outbound> meshOutbounds(
      String podIp, OutboundSources sources, List<String> reachableServices) {
    Map<String, List<Endpoint>> endpoints = endpointsByService(sources.meshDataplanes());
    Set<String> reachable = new HashSet<>(reachableServices);
    List<Outbound> out = new ArrayList<>();
    for (Map.Entry<String, List<Endpoint>> entry : endpoints.entrySet()) {
      String serviceTag = entry.getKey();
      Optional<ServiceTag> parsed = ServiceTag.parse(serviceTag);
      if (parsed.isEmpty()) {
        continue;
      }
      Optional<Service> found =
          sources.services().find(parsed.get().namespace(), parsed.get().name());
      if (found.isEmpty() || found.get().getSpec() == null) {
        continue;
      }
      if (!reachable.isEmpty() && !reachable.contains(serviceTag)) {
        continue;
      }
      Service service = found.get();
      if ("ExternalName".equals(service.getSpec().getType())) {
        continue;
      }
      if (InboundConverter.isHeadless(service)) {
        entry.getValue().stream()
            .sorted(ENDPOINT_ORDER)
            .filter(e -> !e.address().equals(podIp))
            .forEach(e -> out.add(headlessOutbound(serviceTag, e)));
      } else {
        out.add(
            new Outbound(
                service.getSpec().getClusterIP(),
                parsed.get().port(),
                null,
                Map.of(TagRules.SERVICE, serviceTag)));
      }
    }
    return List.copyOf(out);
  }

  private static Outbound headlessOutbound(String serviceTag, Endpoint endpoint) {
    Map<String, String> tags = new TreeMap<>();
    tags.put(TagRules.SERVICE, serviceTag);
    if (!endpoint.instance().isEmpty()) {
      tags.put(InboundConverter.INSTANCE_TAG, endpoint.instance());
    }
    return new Outbound(endpoint.address(), endpoint.port(), null, tags);
  }

  private static Map<String, List<Endpoint>> endpointsByService(List<DataplaneSpec> dataplanes) {
    Map<String, List<Endpoint>> out = new TreeMap<>();
    for (DataplaneSpec dataplane : dataplanes) {
      if (dataplane == null || dataplane.networking() == null) {
        continue;
      }
      for (Inbound inbound : dataplane.networking().inbound()) {
        if (inbound == null || !inbound.tags().containsKey(TagRules.SERVICE)) {
          continue;
        }
        String address =
            inbound.address().isEmpty() ? dataplane.networking().address() : inbound.address();
        out.computeIfAbsent(inbound.tags().get(TagRules.SERVICE), k -> new ArrayList<>())
            .add(
                new Endpoint(
                    address,
                    inbound.port(),
                    inbound.tags().getOrDefault(InboundConverter.INSTANCE_TAG, "")));
      }
    }
    return out;
  }

  /**
   * Portico's explicit outbounds (spec/kubernetes.md §6.5 point 4): {@code portico.io/outbounds:
   * "<port>=<kuma.io/service>[,…]"} gives, in the order written, {@code {address: 127.0.0.1, port,
   * tags: {kuma.io/service}}}; blanks around entries and empty entries are ignored.
   *
   * @throws PodConversionException naming the annotation and the first malformed entry, or a port
   *     listed twice
   */
  static List<Outbound> explicitOutbounds(PodAnnotations annotations) {
    Optional<String> value = annotations.string(PodAnnotations.EXPLICIT_OUTBOUNDS);
    if (value.isEmpty()) {
      return List.of();
    }
    List<Outbound> out = new ArrayList<>();
    Set<Integer> ports = new HashSet<>();
    for (String raw : value.get().split(",", -1)) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        continue;
      }
      int equals = entry.indexOf('=');
      String portText = equals < 0 ? "" : entry.substring(0, equals).trim();
      String service = equals < 0 ? "" : entry.substring(equals + 1).trim();
      int port = parsePort(portText);
      if (port < 1 || !TAG_VALUE.matcher(service).matches()) {
        throw new PodConversionException(
            "annotation \""
                + PodAnnotations.EXPLICIT_OUTBOUNDS
                + "\" has a malformed entry "
                + PodAnnotations.quote(entry)
                + ": expected <port>=<kuma.io/service> with a port in [1, 65535]");
      }
      if (!ports.add(port)) {
        throw new PodConversionException(
            "annotation \""
                + PodAnnotations.EXPLICIT_OUTBOUNDS
                + "\" lists port "
                + port
                + " more than once");
      }
      out.add(new Outbound(LOOPBACK, port, null, Map.of(TagRules.SERVICE, service)));
    }
    return List.copyOf(out);
  }

  /** A decimal port in [1, 65535], or -1. */
  private static int parsePort(String text) {
    if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return -1;
    }
    int port = Integer.parseInt(text);
    return port <= 65535 ? port : -1;
  }
}
