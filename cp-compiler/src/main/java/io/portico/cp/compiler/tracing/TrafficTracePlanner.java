package io.portico.cp.compiler.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.cp.compiler.context.MeshContext;
import io.portico.cp.compiler.plan.HttpListenerPlan;
import io.portico.cp.compiler.plan.ListenerPlan;
import io.portico.cp.compiler.plan.Problems;
import io.portico.cp.compiler.plan.TracingPlan;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.mesh.MeshSpec;
import io.portico.mesh.api.policy.TrafficTraceSpec;
import io.portico.mesh.api.policy.match.DataplanePolicies;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.mesh.api.validation.TagRules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses the tracing of a dataplane's HTTP listeners.
 *
 * <p>TrafficTrace is a dataplane policy (spec/core.md §3.2): its {@code selectors} are matched
 * against the gateway tags of a gateway, else against each inbound's tags; the best-ranked match
 * wins, ties to the later creation time. The winner applies to every HTTP listener of the
 * dataplane: gateway listeners (spec/gateway.md §4.1), sidecar inbounds and outbounds; TCP
 * listeners are never traced (HTTP-family only, §3.4).
 *
 * <p>The backend is the policy's {@code conf.backend}, else the mesh's {@code
 * tracing.defaultBackend}. None means no tracing; a name the mesh lacks, or a {@code datadog}
 * backend (not supported by the proxy yet), means no tracing and a problem. Sampling defaults to
 * 100 and {@code sharedSpanContext} to true (spec/core.md §1.3).
 */
public final class TrafficTracePlanner {
  private TrafficTracePlanner() {}

  /**
   * The tracing of {@code listeners}, by listener name.
   *
   * @param tracing the mesh's tracing section; null = none
   */
  public static Map<String, TracingPlan> plan(
      MeshContext mesh,
      MeshSpec.Tracing tracing,
      Resource<DataplaneSpec> dataplane,
      List<ListenerPlan> listeners,
      Problems problems) {
    List<Resource<TrafficTraceSpec>> policies = mesh.policies(ResourceTypes.TRAFFIC_TRACE);
    if (policies.isEmpty() || listeners.stream().noneMatch(l -> l instanceof HttpListenerPlan)) {
      return Map.of();
    }
    List<Map<String, String>> tagSets = dataplane.spec().networking().sourceTagSets();
    Resource<TrafficTraceSpec> policy = DataplanePolicies.best(policies, tagSets).orElse(null);
    if (policy == null) {
      return Map.of();
    }
    TracingPlan plan =
        resolve(mesh.mesh(), tracing, policy, service(tagSets), dataplane.name(), problems);
    if (plan == null) {
      return Map.of();
    }
    Map<String, TracingPlan> out = new LinkedHashMap<>();
    for (ListenerPlan listener : listeners) {
      if (listener instanceof HttpListenerPlan) {
        out.put(listener.name(), plan);
      }
    }
    return out;
  }

  private static TracingPlan resolve(
      String mesh,
      MeshSpec.Tracing tracing,
      Resource<TrafficTraceSpec> policy,
      String service,
      String dataplane,
      Problems problems) {
    String name =
        policy.spec().conf() == null || policy.spec().conf().backend().isEmpty()
            ? (tracing == null ? "" : tracing.defaultBackend())
            : policy.spec().conf().backend();
    if (name.isEmpty()) {
      return null;
    }
    MeshSpec.TracingBackend backend =
        tracing == null
            ? null
            : tracing.backends().stream()
                .filter(b -> b != null && b.name().equals(name))
                .findFirst()
                .orElse(null);
    String where = "dataplane " + dataplane;
    if (backend == null) {
      problems.add(
          where,
          "TrafficTrace \""
              + policy.name()
              + "\" names tracing backend \""
              + name
              + "\" that mesh \""
              + mesh
              + "\" does not have: no tracing");
      return null;
    }
    if (!"zipkin".equals(backend.type())) {
      problems.add(
          where,
          "tracing backend \""
              + name
              + "\" is of type \""
              + backend.type()
              + "\": only zipkin is supported by the proxy, no tracing");
      return null;
    }
    JsonNode conf = backend.conf();
    String url = conf != null && conf.hasNonNull("url") ? conf.get("url").asText("") : "";
    if (url.isEmpty()) {
      problems.add(where, "tracing backend \"" + name + "\" has no url: no tracing");
      return null;
    }
    String apiVersion =
        conf.hasNonNull("apiVersion") ? conf.get("apiVersion").asText("httpJson") : "httpJson";
    if (!apiVersion.isEmpty() && !"httpJson".equals(apiVersion)) {
      problems.add(
          where,
          "tracing backend \""
              + name
              + "\" has apiVersion \""
              + apiVersion
              + "\": spans are sent as httpJson (Zipkin JSON v2)");
    }
    boolean traceId128bit =
        conf.hasNonNull("traceId128bit") && conf.get("traceId128bit").asBoolean();
    boolean shared =
        !conf.hasNonNull("sharedSpanContext") || conf.get("sharedSpanContext").asBoolean(true);
    double sampling = backend.sampling() == null ? 100.0 : backend.sampling();
    return new TracingPlan(policy.name(), name, url, sampling, traceId128bit, shared, service);
  }

  private static String service(List<Map<String, String>> tagSets) {
    return tagSets.isEmpty() ? "" : tagSets.get(0).getOrDefault(TagRules.SERVICE, "");
  }
}
