package io.portico.cp.compiler.accesslog;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.cp.compiler.context.MeshContext;
import io.portico.cp.compiler.plan.AccessLogPlan;
import io.portico.cp.compiler.plan.HttpListenerPlan;
import io.portico.cp.compiler.plan.ListenerPlan;
import io.portico.cp.compiler.plan.Problems;
import io.portico.cp.compiler.plan.TrafficDirection;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.mesh.MeshSpec;
import io.portico.mesh.api.policy.TrafficLogSpec;
import io.portico.mesh.api.policy.match.OutboundPolicies;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.mesh.api.validation.TagRules;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses each listener's access log.
 *
 * <ul>
 *   <li>Builtin gateway (spec/gateway.md §4.1, "Partial"): one TrafficLog for every listener,
 *       matched as for a dataplane whose only outbound is {@code pass_through} (sources against the
 *       gateway tags); {@code %KUMA_SOURCE_SERVICE%} is the gateway's service and {@code
 *       %KUMA_DESTINATION_SERVICE%} is {@code *} (§4.5).
 *   <li>Sidecars and delegated gateways: per outbound listener, the TrafficLog that wins for its
 *       service (spec/core.md §3.2, outbound connection policy); inbound traffic is not logged
 *       (spec/core.md §3.4).
 * </ul>
 *
 * The backend is the policy's {@code conf.backend}, else the mesh's {@code logging.defaultBackend};
 * none, or a name the mesh does not have, means no access log (the latter with a problem). An empty
 * backend {@code format} means Kuma's default for the listener's protocol.
 */
public final class TrafficLogPlanner {
  /** Kuma's default format for HTTP traffic (kumahq/kuma listeners/v3, Kuma 2.0). */
  public static final String DEFAULT_HTTP_FORMAT =
      "[%START_TIME%] %KUMA_MESH% \"%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%\""
          + " %RESPONSE_CODE% %RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% %DURATION%"
          + " %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% \"%REQ(X-FORWARDED-FOR)%\" \"%REQ(USER-AGENT)%\""
          + " \"%REQ(X-B3-TRACEID?X-DATADOG-TRACEID)%\" \"%REQ(X-REQUEST-ID)%\" \"%REQ(:AUTHORITY)%\""
          + " \"%KUMA_SOURCE_SERVICE%\" \"%KUMA_DESTINATION_SERVICE%\""
          + " \"%KUMA_SOURCE_ADDRESS_WITHOUT_PORT%\" \"%UPSTREAM_HOST%\"\n";

  /** Kuma's default format for TCP traffic. */
  public static final String DEFAULT_TCP_FORMAT =
      "[%START_TIME%] %RESPONSE_FLAGS% %KUMA_MESH%"
          + " %KUMA_SOURCE_ADDRESS_WITHOUT_PORT%(%KUMA_SOURCE_SERVICE%)->%UPSTREAM_HOST%"
          + "(%KUMA_DESTINATION_SERVICE%) took %DURATION%ms, sent %BYTES_SENT% bytes, received:"
          + " %BYTES_RECEIVED% bytes\n";

  /** The destination service a gateway's access log names (spec/gateway.md §4.5). */
  public static final String GATEWAY_DESTINATION = "*";

  private static final String OUTBOUND_DEFAULT_ADDRESS = "127.0.0.1";

  private TrafficLogPlanner() {}

  /**
   * The access logs of {@code listeners}, by listener name.
   *
   * @param logging the mesh's logging section; null = none
   */
  public static Map<String, AccessLogPlan> plan(
      MeshContext mesh,
      MeshSpec.Logging logging,
      Resource<DataplaneSpec> dataplane,
      List<ListenerPlan> listeners,
      Problems problems) {
    List<Resource<TrafficLogSpec>> policies = mesh.policies(ResourceTypes.TRAFFIC_LOG);
    if (policies.isEmpty() || listeners.isEmpty()) {
      return Map.of();
    }
    DataplaneSpec spec = dataplane.spec();
    DataplaneSpec.Networking networking = spec.networking();
    String sourceAddress = networking.address();
    Map<String, AccessLogPlan> out = new LinkedHashMap<>();
    if (spec.isBuiltinGateway()) {
      Map<String, String> gatewayTags = networking.gateway().tags();
      Resource<TrafficLogSpec> policy =
          OutboundPolicies.best(
                  policies, List.of(gatewayTags), OutboundPolicies.PASS_THROUGH_SERVICE)
              .orElse(null);
      if (policy == null) {
        return Map.of();
      }
      String service = gatewayTags.getOrDefault(TagRules.SERVICE, "");
      for (ListenerPlan listener : listeners) {
        if (listener.direction() != TrafficDirection.GATEWAY) {
          continue;
        }
        AccessLogPlan plan =
            accessLog(
                mesh.mesh(),
                logging,
                policy,
                listener,
                service,
                GATEWAY_DESTINATION,
                sourceAddress,
                problems);
        if (plan != null) {
          out.put(listener.name(), plan);
        }
      }
      return out;
    }
    List<Map<String, String>> tagSets = networking.sourceTagSets();
    String sourceService =
        tagSets.isEmpty() ? "" : tagSets.get(0).getOrDefault(TagRules.SERVICE, "");
    Map<String, String> serviceByListener = new HashMap<>();
    for (DataplaneSpec.Outbound outbound : networking.outbound()) {
      if (outbound == null) {
        continue;
      }
      String service =
          outbound.tags().isEmpty() ? outbound.service() : outbound.tags().get(TagRules.SERVICE);
      if (service == null || service.isEmpty()) {
        continue;
      }
      String address = outbound.address().isEmpty() ? OUTBOUND_DEFAULT_ADDRESS : outbound.address();
      serviceByListener.put("outbound:" + address + ":" + outbound.port(), service);
    }
    for (ListenerPlan listener : listeners) {
      String service = serviceByListener.get(listener.name());
      if (listener.direction() != TrafficDirection.OUTBOUND || service == null) {
        continue;
      }
      Resource<TrafficLogSpec> policy =
          OutboundPolicies.best(policies, tagSets, service).orElse(null);
      if (policy == null) {
        continue;
      }
      AccessLogPlan plan =
          accessLog(
              mesh.mesh(),
              logging,
              policy,
              listener,
              sourceService,
              service,
              sourceAddress,
              problems);
      if (plan != null) {
        out.put(listener.name(), plan);
      }
    }
    return out;
  }

  private static AccessLogPlan accessLog(
      String mesh,
      MeshSpec.Logging logging,
      Resource<TrafficLogSpec> policy,
      ListenerPlan listener,
      String sourceService,
      String destinationService,
      String sourceAddress,
      Problems problems) {
    String name =
        policy.spec().conf() == null || policy.spec().conf().backend().isEmpty()
            ? (logging == null ? "" : logging.defaultBackend())
            : policy.spec().conf().backend();
    if (name.isEmpty()) {
      return null;
    }
    MeshSpec.LoggingBackend backend =
        logging == null
            ? null
            : logging.backends().stream()
                .filter(b -> b != null && b.name().equals(name))
                .findFirst()
                .orElse(null);
    if (backend == null) {
      problems.add(
          "listener " + listener.name(),
          "TrafficLog \""
              + policy.name()
              + "\" names logging backend \""
              + name
              + "\" that mesh \""
              + mesh
              + "\" does not have: no access log");
      return null;
    }
    JsonNode conf = backend.conf();
    String filePath = null;
    String tcpAddress = null;
    if ("file".equals(backend.type())) {
      filePath = text(conf, "path");
    } else if ("tcp".equals(backend.type())) {
      tcpAddress = text(conf, "address");
    }
    if ((filePath == null || filePath.isEmpty()) && (tcpAddress == null || tcpAddress.isEmpty())) {
      problems.add(
          "listener " + listener.name(),
          "logging backend \"" + name + "\" has no usable file path or TCP address");
      return null;
    }
    String format = backend.format();
    if (format.isEmpty()) {
      format = listener instanceof HttpListenerPlan ? DEFAULT_HTTP_FORMAT : DEFAULT_TCP_FORMAT;
    }
    return new AccessLogPlan(
        policy.name(),
        name,
        format,
        filePath == null || filePath.isEmpty() ? null : filePath,
        tcpAddress == null || tcpAddress.isEmpty() ? null : tcpAddress,
        mesh,
        sourceService,
        destinationService,
        sourceAddress);
  }

  private static String text(JsonNode conf, String field) {
    if (conf == null || !conf.hasNonNull(field) || !conf.get(field).isTextual()) {
      return null;
    }
    return conf.get(field).asText();
  }
}
