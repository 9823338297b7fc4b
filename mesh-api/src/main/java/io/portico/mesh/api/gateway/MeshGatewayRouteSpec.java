package io.portico.mesh.api.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.Selector;
import io.portico.mesh.api.SpecValues;
import java.util.List;
import java.util.Map;

/**
 * The spec of a MeshGatewayRoute (Kuma {@code mesh.v1alpha1.MeshGatewayRoute}, spec/gateway.md
 * §1.3, with the later features of §3.7): HTTP or TCP rules bound to gateway listeners whose merged
 * tags match the selectors.
 *
 * @param selectors match listener merged tags (spec/gateway.md §2.5)
 * @param conf exactly one of {@code http} or {@code tcp}; null when absent
 */
public record MeshGatewayRouteSpec(List<Selector> selectors, Conf conf) implements ResourceSpec {
  public MeshGatewayRouteSpec {
    selectors = SpecValues.list(selectors);
  }

  /**
   * @param tcp TCP rules: backends only
   * @param http HTTP rules and hostnames
   */
  public record Conf(TcpRoute tcp, HttpRoute http) {}

  /**
   * @param rules each rule's backends become weighted upstreams of the port's TCP proxy
   */
  public record TcpRoute(List<TcpRule> rules) {
    public TcpRoute {
      rules = SpecValues.list(rules);
    }
  }

  /**
   * @param backends where connections go
   */
  public record TcpRule(List<Backend> backends) {
    public TcpRule {
      backends = SpecValues.list(backends);
    }
  }

  /**
   * @param rules the rules, ordered by precedence at translation time (spec/gateway.md §3.3)
   * @param hostnames the hosts this route applies to; empty = the listener's
   */
  public record HttpRoute(List<HttpRule> rules, List<String> hostnames) {
    public HttpRoute {
      rules = SpecValues.list(rules);
      hostnames = SpecValues.list(hostnames);
    }
  }

  /**
   * One rule: any of its matches selects it; then filters apply and traffic is forwarded to the
   * backends (or redirected).
   *
   * @param matches OR-ed conditions
   * @param filters header changes, mirror, redirect or rewrite
   * @param backends weighted destinations; empty with a redirect
   */
  public record HttpRule(List<Match> matches, List<Filter> filters, List<Backend> backends) {
    public HttpRule {
      matches = SpecValues.list(matches);
      filters = SpecValues.list(filters);
      backends = SpecValues.list(backends);
    }
  }

  /**
   * AND-ed request conditions.
   *
   * @param path path condition; none = {@code PREFIX /}
   * @param method the request method; NONE = any
   * @param headers header conditions
   * @param queryParameters query-parameter conditions
   */
  public record Match(
      PathMatch path,
      @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = ZeroEnumFilter.class)
          HttpMethod method,
      List<HeaderMatch> headers,
      List<QueryMatch> queryParameters) {
    public Match {
      method = method == null ? HttpMethod.NONE : method;
      headers = SpecValues.list(headers);
      queryParameters = SpecValues.list(queryParameters);
    }
  }

  /**
   * @param match EXACT (default), PREFIX (segment-based) or REGEX (whole path)
   * @param value the path, prefix or regular expression
   */
  public record PathMatch(
      @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = ZeroEnumFilter.class)
          PathMatchType match,
      String value) {
    public PathMatch {
      match = match == null ? PathMatchType.EXACT : match;
      value = SpecValues.text(value);
    }
  }

  /** How a path is compared. */
  public enum PathMatchType {
    EXACT,
    PREFIX,
    REGEX
  }

  /**
   * @param match EXACT (default), REGEX, ABSENT or PRESENT
   * @param name the header name
   * @param value the value or regular expression; empty for ABSENT and PRESENT
   */
  public record HeaderMatch(
      @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = ZeroEnumFilter.class)
          HeaderMatchType match,
      String name,
      String value) {
    public HeaderMatch {
      match = match == null ? HeaderMatchType.EXACT : match;
      name = SpecValues.text(name);
      value = SpecValues.text(value);
    }
  }

  /** How a header is compared; ABSENT and PRESENT come from Kuma 2.1 (spec/gateway.md §3.7). */
  public enum HeaderMatchType {
    EXACT,
    REGEX,
    ABSENT,
    PRESENT
  }

  /**
   * @param match EXACT (default) or REGEX
   * @param name the parameter name
   * @param value the value or regular expression
   */
  public record QueryMatch(
      @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = ZeroEnumFilter.class)
          QueryMatchType match,
      String name,
      String value) {
    public QueryMatch {
      match = match == null ? QueryMatchType.EXACT : match;
      name = SpecValues.text(name);
      value = SpecValues.text(value);
    }
  }

  /** How a query parameter is compared. */
  public enum QueryMatchType {
    EXACT,
    REGEX
  }

  /** Request methods; NONE matches any. */
  public enum HttpMethod {
    NONE,
    CONNECT,
    DELETE,
    GET,
    HEAD,
    OPTIONS,
    PATCH,
    POST,
    PUT,
    TRACE
  }

  /**
   * Exactly one of its fields is set.
   *
   * @param requestHeader changes to request headers
   * @param responseHeader changes to response headers (Kuma 2.1)
   * @param mirror a sampled copy of the request sent elsewhere
   * @param redirect an immediate redirect response
   * @param rewrite a path or host rewrite before forwarding
   */
  public record Filter(
      HeaderFilter requestHeader,
      HeaderFilter responseHeader,
      Mirror mirror,
      Redirect redirect,
      Rewrite rewrite) {}

  /**
   * Header changes: removals first, then {@code set} (replace), then {@code add} (append).
   *
   * @param set headers to replace
   * @param add headers to append
   * @param remove header names to remove
   */
  public record HeaderFilter(List<Header> set, List<Header> add, List<String> remove) {
    public HeaderFilter {
      set = SpecValues.list(set);
      add = SpecValues.list(add);
      remove = SpecValues.list(remove);
    }
  }

  /**
   * @param name header name
   * @param value header value
   */
  public record Header(String name, String value) {
    public Header {
      name = SpecValues.text(name);
      value = SpecValues.text(value);
    }
  }

  /**
   * @param backend where copies go; its weight is ignored
   * @param percentage share of requests mirrored, 0-100
   */
  public record Mirror(
      Backend backend, @JsonInclude(JsonInclude.Include.NON_NULL) Double percentage) {}

  /**
   * @param scheme the new scheme; may be empty only with a {@code path} (then the request's)
   * @param hostname the new host; may be empty only with a {@code path} (then the request's)
   * @param port the new port; 0 = none
   * @param statusCode 301, 302, 303, 307 or 308
   * @param path a path replacement (Kuma 2.2)
   */
  public record Redirect(String scheme, String hostname, int port, int statusCode, Rewrite path) {
    public Redirect {
      scheme = SpecValues.text(scheme);
      hostname = SpecValues.text(hostname);
    }
  }

  /**
   * A rewrite: at most one of the two path replacements, and optionally the Host.
   *
   * @param replaceFull replaces the whole path (query kept)
   * @param replacePrefixMatch replaces the matched PREFIX (needs a PREFIX match in the rule)
   * @param hostToBackendHostname sets Host to the chosen upstream's name (Kuma 2.2)
   */
  public record Rewrite(
      String replaceFull, String replacePrefixMatch, boolean hostToBackendHostname) {
    public Rewrite {
      replaceFull = SpecValues.text(replaceFull);
      replacePrefixMatch = SpecValues.text(replacePrefixMatch);
    }

    /** Whether a path replacement is set. */
    public boolean hasPathReplacement() {
      return !replaceFull.isEmpty() || !replacePrefixMatch.isEmpty();
    }
  }

  /**
   * @param weight relative share of traffic; 0 = none when there are several backends
   * @param destination tags the endpoints must carry; {@code kuma.io/service} is mandatory
   */
  public record Backend(int weight, Map<String, String> destination) {
    public Backend {
      destination = SpecValues.tags(destination);
    }
  }
}
