package io.portico.mesh.api.policy.match;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.Selector;
import io.portico.mesh.api.policy.RateLimitSpec;
import io.portico.mesh.api.policy.TimeoutSpec;
import io.portico.mesh.api.policy.TrafficTraceSpec;
import io.portico.mesh.api.types.ResourceTypes;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds policies and tag maps for matching tables. Selectors and tag maps are written {@code
 * "kuma.io/service=web,version=v1"}; {@code ""} is the empty selector.
 */
final class TestPolicies {
  static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  private TestPolicies() {}

  static Map<String, String> tags(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    if (!text.isEmpty()) {
      for (String pair : text.split(",")) {
        String[] kv = pair.split("=", 2);
        out.put(kv[0], kv[1]);
      }
    }
    return out;
  }

  static List<Selector> selectors(String... selectors) {
    return Arrays.stream(selectors).map(s -> Selector.of(tags(s))).toList();
  }

  /** A Timeout created {@code minute} minutes after {@link #T0}. */
  static Resource<TimeoutSpec> timeout(
      String name, int minute, List<Selector> sources, List<Selector> destinations) {
    TimeoutSpec spec =
        new TimeoutSpec(
            sources,
            destinations,
            new TimeoutSpec.Conf(Duration.ofSeconds(minute + 1), null, null, null));
    return created(Resource.of(ResourceTypes.TIMEOUT, "default", name, spec), minute);
  }

  /** A RateLimit created {@code minute} minutes after {@link #T0}. */
  static Resource<RateLimitSpec> rateLimit(
      String name, int minute, List<Selector> sources, List<Selector> destinations) {
    RateLimitSpec spec = new RateLimitSpec(sources, destinations, null);
    return created(Resource.of(ResourceTypes.RATE_LIMIT, "default", name, spec), minute);
  }

  /** A TrafficTrace created {@code minute} minutes after {@link #T0}. */
  static Resource<TrafficTraceSpec> trace(String name, int minute, List<Selector> selectors) {
    TrafficTraceSpec spec = new TrafficTraceSpec(selectors, null);
    return created(Resource.of(ResourceTypes.TRAFFIC_TRACE, "default", name, spec), minute);
  }

  private static <S extends io.portico.mesh.api.ResourceSpec> Resource<S> created(
      Resource<S> resource, int minute) {
    Instant at = T0.plus(Duration.ofMinutes(minute));
    return resource.withMeta(resource.meta().withVersion(1, at, at));
  }

  static List<String> names(List<? extends Resource<?>> resources) {
    return resources.stream().map(Resource::name).toList();
  }
}
