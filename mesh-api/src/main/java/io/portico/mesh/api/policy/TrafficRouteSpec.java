package io.portico.mesh.api.policy;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.portico.mesh.api.Selector;
import io.portico.mesh.api.SpecValues;
import java.util.List;
import java.util.Map;

/**
 * The spec of a TrafficRoute (spec/core.md §3.4): where outbound traffic from {@code sources} to
 * the services of {@code destinations} goes — one destination or a weighted split, a load balancer,
 * and ordered HTTP rules. Not used by builtin gateways.
 *
 * @param sources dataplanes whose outbound traffic is routed (S1)
 * @param destinations services whose traffic is routed (SVC)
 * @param conf the routing
 */
public record TrafficRouteSpec(List<Selector> sources, List<Selector> destinations, Conf conf)
    implements ConnectionPolicySpec {
  public TrafficRouteSpec {
    sources = SpecValues.list(sources);
    destinations = SpecValues.list(destinations);
  }

  /**
   * The routing: exactly one of {@code destination} and {@code split}.
   *
   * @param split weighted destinations
   * @param destination the single destination tags, e.g. {@code {kuma.io/service: backend}}
   * @param loadBalancer how endpoints are picked
   * @param http HTTP rules tried in order before the default destination
   */
  public record Conf(
      List<Split> split,
      Map<String, String> destination,
      LoadBalancer loadBalancer,
      List<Http> http) {
    public Conf {
      split = SpecValues.list(split);
      destination = SpecValues.tags(destination);
      http = SpecValues.list(http);
    }
  }

  /**
   * One weighted destination.
   *
   * @param weight relative weight (not a percentage); 0 means ignored
   * @param destination the destination tags
   */
  public record Split(
      @JsonInclude(JsonInclude.Include.NON_NULL) Integer weight, Map<String, String> destination) {
    public Split {
      destination = SpecValues.tags(destination);
    }
  }

  /** The load balancer: at most one of its members is set. */
  public record LoadBalancer(
      RoundRobin roundRobin,
      LeastRequest leastRequest,
      RingHash ringHash,
      Random random,
      Maglev maglev) {}

  /** Round robin. */
  public record RoundRobin() {}

  /**
   * Least request among {@code choiceCount} random endpoints.
   *
   * @param choiceCount how many endpoints to compare; 0 means Envoy's default (2)
   */
  public record LeastRequest(int choiceCount) {}

  /**
   * Consistent hashing on a ring.
   *
   * @param hashFunction {@code XX_HASH} or {@code MURMUR_HASH_2}
   * @param minRingSize minimum ring size; 0 means Envoy's default
   * @param maxRingSize maximum ring size; 0 means Envoy's default
   */
  public record RingHash(
      String hashFunction,
      @JsonFormat(shape = JsonFormat.Shape.STRING) long minRingSize,
      @JsonFormat(shape = JsonFormat.Shape.STRING) long maxRingSize) {
    public RingHash {
      hashFunction = SpecValues.text(hashFunction);
    }
  }

  /** Random. */
  public record Random() {}

  /** Maglev. */
  public record Maglev() {}

  /**
   * An HTTP rule: requests matching {@code match} are modified and sent to its own destination or
   * split.
   *
   * @param match which requests
   * @param modify changes to the request and response
   * @param split weighted destinations
   * @param destination the single destination tags
   */
  public record Http(
      Match match, Modify modify, List<Split> split, Map<String, String> destination) {
    public Http {
      split = SpecValues.list(split);
      destination = SpecValues.tags(destination);
    }
  }

  /**
   * Request conditions, all of which must hold.
   *
   * @param method the HTTP method
   * @param path the request path
   * @param headers header name to matcher
   */
  public record Match(
      StringMatcher method, StringMatcher path, Map<String, StringMatcher> headers) {
    public Match {
      headers = SpecValues.map(headers);
    }
  }

  /**
   * Exactly one of prefix, exact and regex (RE2). Null means not set; an empty {@code exact} is a
   * valid matcher.
   */
  public record StringMatcher(
      @JsonInclude(JsonInclude.Include.NON_NULL) String prefix,
      @JsonInclude(JsonInclude.Include.NON_NULL) String exact,
      @JsonInclude(JsonInclude.Include.NON_NULL) String regex) {}

  /**
   * Changes applied to matching requests.
   *
   * @param path rewrite of the path
   * @param host rewrite of the host header
   * @param requestHeaders headers added to or removed from the request
   * @param responseHeaders headers added to or removed from the response
   */
  public record Modify(
      PathRewrite path,
      HostRewrite host,
      HeaderChanges requestHeaders,
      HeaderChanges responseHeaders) {}

  /**
   * Exactly one of a prefix rewrite (needs a {@code match.path.prefix}) and a regex rewrite.
   *
   * @param rewritePrefix replaces the matched prefix; null means not set
   * @param regex rewrites by regular expression
   */
  public record PathRewrite(
      @JsonInclude(JsonInclude.Include.NON_NULL) String rewritePrefix, RegexRewrite regex) {}

  /**
   * Exactly one of a fixed host and a host taken from the path.
   *
   * @param value the new host; null means not set
   * @param fromPath derives the host from the path by regular expression
   */
  public record HostRewrite(
      @JsonInclude(JsonInclude.Include.NON_NULL) String value, RegexRewrite fromPath) {}

  /**
   * A regular-expression substitution.
   *
   * @param pattern an RE2 pattern
   * @param substitution the replacement, may refer to groups
   */
  public record RegexRewrite(String pattern, String substitution) {
    public RegexRewrite {
      pattern = SpecValues.text(pattern);
      substitution = SpecValues.text(substitution);
    }
  }

  /**
   * Headers to add and to remove.
   *
   * @param add headers to add
   * @param remove headers to remove
   */
  public record HeaderChanges(List<AddHeader> add, List<RemoveHeader> remove) {
    public HeaderChanges {
      add = SpecValues.list(add);
      remove = SpecValues.list(remove);
    }
  }

  /**
   * A header to add.
   *
   * @param name the header name; not {@code host} nor a pseudo-header
   * @param value the value
   * @param append whether to append to an existing value instead of replacing it
   */
  public record AddHeader(String name, String value, boolean append) {
    public AddHeader {
      name = SpecValues.text(name);
      value = SpecValues.text(value);
    }
  }

  /**
   * A header to remove.
   *
   * @param name the header name; not {@code host} nor a pseudo-header
   */
  public record RemoveHeader(String name) {
    public RemoveHeader {
      name = SpecValues.text(name);
    }
  }
}
