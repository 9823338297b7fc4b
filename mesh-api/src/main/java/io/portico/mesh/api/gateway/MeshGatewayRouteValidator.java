package io.portico.mesh.api.gateway;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.portico.format.Quoting;
import io.portico.mesh.api.Validator;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec.Backend;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec.Filter;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec.HeaderFilter;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec.HeaderMatch;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec.HeaderMatchType;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec.HttpMethod;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec.HttpRoute;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec.HttpRule;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec.Match;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec.Mirror;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec.PathMatch;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec.PathMatchType;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec.QueryMatch;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec.Redirect;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec.Rewrite;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec.TcpRoute;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec.TcpRule;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.HttpRules;
import io.portico.mesh.api.validation.Path;
import io.portico.mesh.api.validation.TagRules;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Validates a MeshGatewayRoute spec: every rule of spec/gateway.md §1.3 with Kuma's field paths and
 * messages, including its quirks (path errors at {@code matches[k].value}, backend tag errors at
 * {@code backends[j]}, snake-case {@code request_header}, {@code query_parameters} and {@code
 * status_code} but camel-case {@code rewrite.replacePrefixMatch}; an HTTP route without rules and a
 * rule without matches stop there; a redirect mixed with other filters skips the backend checks).
 *
 * <p>Portico additions (spec/gateway.md "Decisions for Portico"):
 *
 * <ul>
 *   <li>route hostnames must be DNS names or {@code *.suffix} ({@code conf.http.hostnames[i]});
 *   <li>redirect status codes 300, 304, 305 and 306 are rejected (only 301, 302, 303, 307, 308
 *       redirect);
 *   <li>TCP routes are validated like HTTP rules: at least one rule, at least one backend each,
 *       backend tags;
 *   <li>a rule with several backends whose weights are all zero is rejected (it would send no
 *       traffic anywhere);
 *   <li>REGEX values must compile;
 *   <li>a filter sets exactly one action, {@code conf} exactly one of {@code http} and {@code tcp},
 *       a rewrite at most one path replacement (protobuf {@code oneof}s);
 * </ul>
 *
 * <p>Later features of the same API are supported (spec/gateway.md §3.7): header matches ABSENT and
 * PRESENT ({@code value} must be empty: {@code cannot be set}), the {@code response_header} filter
 * (same rules as {@code request_header}), {@code rewrite.hostToBackendHostname} (which may not be
 * combined with a {@code request_header} that sets Host) and a redirect {@code path}.
 *
 * <p><b>Redirect scheme and hostname.</b> One rule: a redirect that carries a {@code path}
 * replacement uses the later semantics, where an empty {@code scheme} or {@code hostname} keeps the
 * request's; a redirect without one is a 2.0 redirect, where both are required ({@code cannot be
 * empty}). A {@code path.replacePrefixMatch} needs a PREFIX match in the rule, like a rewrite.
 */
public final class MeshGatewayRouteValidator implements Validator<MeshGatewayRouteSpec> {
  private static final Set<Integer> UNSUPPORTED_REDIRECTS = Set.of(300, 304, 305, 306);
  private static final String NO_PREFIX_MATCH = "cannot be used without a match on path prefix";

  @Override
  public void validate(MeshGatewayRouteSpec spec, Errors errors) {
    MeshGatewayValidator.validateSelectors(Path.of("selectors"), spec.selectors(), errors);
    Path conf = Path.of("conf");
    if (spec.conf() == null || (spec.conf().http() == null && spec.conf().tcp() == null)) {
      errors.add(conf, "cannot be empty");
      return;
    }
    if (spec.conf().http() != null && spec.conf().tcp() != null) {
      errors.add(conf, "exactly one of http, tcp must be set");
    }
    if (spec.conf().tcp() != null) {
      validateTcp(conf.field("tcp"), spec.conf().tcp(), errors);
    }
    if (spec.conf().http() != null) {
      validateHttp(conf.field("http"), spec.conf().http(), errors);
    }
  }

  // ---------------------------------------------------------------- TCP

  private static void validateTcp(Path path, TcpRoute tcp, Errors errors) {
    if (tcp.rules().isEmpty()) {
      errors.add(path.field("rules"), "cannot be empty");
      return;
    }
    for (int i = 0; i < tcp.rules().size(); i++) {
      Path at = path.field("rules").index(i);
      TcpRule rule = tcp.rules().get(i);
      if (rule == null || rule.backends().isEmpty()) {
        errors.add(at.field("backends"), "cannot be empty");
        continue;
      }
      validateBackends(at.field("backends"), rule.backends(), errors);
    }
  }

  // ---------------------------------------------------------------- HTTP

  private static void validateHttp(Path path, HttpRoute http, Errors errors) {
    for (int i = 0; i < http.hostnames().size(); i++) {
      String hostname = http.hostnames().get(i);
      Hostnames.validateRouteHostname(
          path.field("hostnames").index(i), hostname == null ? "" : hostname, errors);
    }
    if (http.rules().isEmpty()) {
      errors.add(path.field("rules"), "cannot be empty");
      return;
    }
    for (int i = 0; i < http.rules().size(); i++) {
      HttpRule rule = http.rules().get(i);
      Path at = path.field("rules").index(i);
      if (rule == null) {
        errors.add(at.field("matches"), "cannot be empty");
        continue;
      }
      validateRule(at, rule, errors);
    }
  }

  private static void validateRule(Path path, HttpRule rule, Errors errors) {
    if (rule.matches().isEmpty()) {
      errors.add(path.field("matches"), "cannot be empty");
      return;
    }
    boolean hasPrefixMatch =
        rule.matches().stream()
            .anyMatch(
                m -> m != null && m.path() != null && m.path().match() == PathMatchType.PREFIX);
    for (int k = 0; k < rule.matches().size(); k++) {
      validateMatch(path.field("matches").index(k), rule.matches().get(k), errors);
    }
    boolean hasRedirect = false;
    boolean hostToBackendHostname = false;
    for (int f = 0; f < rule.filters().size(); f++) {
      Filter filter = rule.filters().get(f);
      if (filter != null && filter.redirect() != null) {
        hasRedirect = true;
      }
      if (filter != null && filter.rewrite() != null && filter.rewrite().hostToBackendHostname()) {
        hostToBackendHostname = true;
      }
      validateFilter(path.field("filters").index(f), filter, hasPrefixMatch, errors);
    }
    if (hostToBackendHostname) {
      checkHostNotModified(path.field("filters"), rule.filters(), errors);
    }
    if (hasRedirect && rule.filters().size() != 1) {
      errors.add(path.field("filters"), "redirects cannot be used with other filters");
      return;
    }
    if (rule.backends().isEmpty()) {
      if (!hasRedirect) {
        errors.add(path.field("backends"), "cannot be empty");
      }
    } else if (hasRedirect) {
      errors.add(path.field("backends"), "must be empty when using redirect filters");
    }
    validateBackends(path.field("backends"), rule.backends(), errors);
  }

  private static void validateMatch(Path path, Match match, Errors errors) {
    if (match == null
        || (match.path() == null
            && match.method() == HttpMethod.NONE
            && match.headers().isEmpty()
            && match.queryParameters().isEmpty())) {
      errors.add(path, "cannot be empty");
      if (match == null) {
        return;
      }
    }
    PathMatch p = match.path();
    if (p != null) {
      Path value = path.field("value");
      switch (p.match()) {
        case REGEX -> {
          if (p.value().isEmpty()) {
            errors.add(value, "cannot be empty");
          } else {
            checkRegex(value, p.value(), errors);
          }
        }
        case PREFIX -> {
          if (!p.value().equals("/") && p.value().endsWith("/")) {
            errors.add(
                value,
                "does not need a trailing slash because only a `/`-separated prefix or an entire"
                    + " path is matched");
          }
          if (!p.value().startsWith("/")) {
            errors.add(value, "must be an absolute path");
          }
        }
        case EXACT -> {
          if (!p.value().startsWith("/")) {
            errors.add(value, "must be an absolute path");
          }
        }
      }
    }
    for (int h = 0; h < match.headers().size(); h++) {
      HeaderMatch header = match.headers().get(h);
      Path at = path.field("headers").index(h);
      if (header == null) {
        errors.add(at.field("name"), "cannot be empty");
        continue;
      }
      if (header.name().isEmpty()) {
        errors.add(at.field("name"), "cannot be empty");
      }
      HttpRules.headerName(at.field("name"), header.name(), errors);
      if (header.match() == HeaderMatchType.ABSENT || header.match() == HeaderMatchType.PRESENT) {
        if (!header.value().isEmpty()) {
          errors.add(at.field("value"), "cannot be set");
        }
      } else if (header.value().isEmpty()) {
        errors.add(at.field("value"), "cannot be empty");
      } else if (header.match() == HeaderMatchType.REGEX) {
        checkRegex(at.field("value"), header.value(), errors);
      }
    }
    for (int q = 0; q < match.queryParameters().size(); q++) {
      QueryMatch query = match.queryParameters().get(q);
      Path at = path.field("query_parameters").index(q);
      if (query == null) {
        errors.add(at.field("name"), "cannot be empty");
        continue;
      }
      if (query.name().isEmpty()) {
        errors.add(at.field("name"), "cannot be empty");
      }
      if (query.value().isEmpty()) {
        errors.add(at.field("value"), "cannot be empty");
      } else if (query.match() == MeshGatewayRouteSpec.QueryMatchType.REGEX) {
        checkRegex(at.field("value"), query.value(), errors);
      }
    }
  }

  private static void checkRegex(Path path, String regex, Errors errors) {
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      errors.add(path, "invalid regular expression: " + e.getDescription());
    }
  }

  // ---------------------------------------------------------------- filters

  private static void validateFilter(
      Path path, Filter filter, boolean hasPrefixMatch, Errors errors) {
    int actions = 0;
    if (filter != null) {
      for (Object action :
          new Object[] {
            filter.requestHeader(),
            filter.responseHeader(),
            filter.mirror(),
            filter.redirect(),
            filter.rewrite()
          }) {
        if (action != null) {
          actions++;
        }
      }
    }
    if (actions == 0) {
      errors.add(path, "cannot be empty");
      return;
    }
    if (actions > 1) {
      errors.add(
          path,
          "exactly one of request_header, response_header, mirror, redirect, rewrite must be set");
    }
    if (filter.requestHeader() != null) {
      validateHeaderFilter(path.field("request_header"), filter.requestHeader(), errors);
    }
    if (filter.responseHeader() != null) {
      validateHeaderFilter(path.field("response_header"), filter.responseHeader(), errors);
    }
    if (filter.redirect() != null) {
      validateRedirect(path.field("redirect"), filter.redirect(), hasPrefixMatch, errors);
    }
    if (filter.mirror() != null) {
      validateMirror(path.field("mirror"), filter.mirror(), errors);
    }
    if (filter.rewrite() != null) {
      validateRewrite(path.field("rewrite"), filter.rewrite(), hasPrefixMatch, errors);
    }
  }

  private static void validateHeaderFilter(Path path, HeaderFilter filter, Errors errors) {
    if (filter.set().isEmpty() && filter.add().isEmpty() && filter.remove().isEmpty()) {
      errors.add(path, "cannot be empty");
    }
    validateHeaders(path.field("set"), filter.set(), errors);
    validateHeaders(path.field("add"), filter.add(), errors);
    for (int n = 0; n < filter.remove().size(); n++) {
      String name = filter.remove().get(n);
      if (name == null || name.isEmpty()) {
        errors.add(path.field("remove").index(n), "cannot be empty");
      }
      if (name != null && (name.startsWith(":") || name.equalsIgnoreCase("host"))) {
        errors.add(
            path.field("remove").index(n),
            "cannot remove " + Quoting.quote(name) + ": the host and pseudo-headers stay");
      } else {
        HttpRules.headerName(path.field("remove").index(n), name, errors);
      }
    }
  }

  private static void validateHeaders(
      Path path, List<MeshGatewayRouteSpec.Header> headers, Errors errors) {
    for (int n = 0; n < headers.size(); n++) {
      MeshGatewayRouteSpec.Header header = headers.get(n);
      if (header == null || header.name().isEmpty()) {
        errors.add(path.index(n).field("name"), "cannot be empty");
      }
      if (header == null || header.value().isEmpty()) {
        errors.add(path.index(n).field("value"), "cannot be empty");
      }
      if (header != null) {
        HttpRules.headerName(path.index(n).field("name"), header.name(), errors);
        HttpRules.headerValue(path.index(n).field("value"), header.value(), errors);
      }
    }
  }

  private static void validateRedirect(
      Path path, Redirect redirect, boolean hasPrefixMatch, Errors errors) {
    boolean keepsRequestOrigin = redirect.path() != null && redirect.path().hasPathReplacement();
    if (!keepsRequestOrigin) {
      if (redirect.scheme().isEmpty()) {
        errors.add(path.field("scheme"), "cannot be empty");
      }
      if (redirect.hostname().isEmpty()) {
        errors.add(path.field("hostname"), "cannot be empty");
      }
    }
    if (!redirect.scheme().isEmpty()
        && !redirect.scheme().equals("http")
        && !redirect.scheme().equals("https")) {
      errors.add(path.field("scheme"), "must be http or https");
    }
    if (redirect.port() < 0 || redirect.port() > 65535) {
      errors.add(path.field("port"), "port must be in the range [1, 65535]");
    }
    int status = redirect.statusCode();
    if (status < 300 || status > 308) {
      errors.add(path.field("status_code"), "must be in the range [300, 308]");
    } else if (UNSUPPORTED_REDIRECTS.contains(status)) {
      errors.add(
          path.field("status_code"),
          "status code " + status + " is not a redirect: expected one of 301, 302, 303, 307, 308");
    }
    if (redirect.path() != null) {
      validatePathReplacement(path.field("path"), redirect.path(), hasPrefixMatch, errors);
    }
  }

  private static void validateMirror(Path path, Mirror mirror, Errors errors) {
    if (mirror.percentage() == null) {
      errors.add(path.field("percentage"), "cannot be empty");
    } else if (mirror.percentage() < 0.0 || mirror.percentage() > 100.0) {
      errors.add(path.field("percentage"), "has to be in [0.0 - 100.0] range");
    }
    if (mirror.backend() == null) {
      errors.add(path.field("backend"), "cannot be empty");
    } else {
      TagRules.validateSelector(
          path.field("backend"), mirror.backend().destination(), true, errors);
    }
  }

  private static void validateRewrite(
      Path path, Rewrite rewrite, boolean hasPrefixMatch, Errors errors) {
    validatePathReplacement(path, rewrite, hasPrefixMatch, errors);
  }

  private static void validatePathReplacement(
      Path path, Rewrite rewrite, boolean hasPrefixMatch, Errors errors) {
    if (!rewrite.replaceFull().isEmpty() && !rewrite.replacePrefixMatch().isEmpty()) {
      errors.add(path, "only one of replaceFull and replacePrefixMatch can be set");
    }
    if (!rewrite.replacePrefixMatch().isEmpty() && !hasPrefixMatch) {
      errors.add(path.field("replacePrefixMatch"), NO_PREFIX_MATCH);
    }
    if (!rewrite.replaceFull().isEmpty() && !rewrite.replaceFull().startsWith("/")) {
      errors.add(path.field("replaceFull"), "must be an absolute path starting with \"/\"");
    }
    if (!rewrite.replacePrefixMatch().isEmpty() && !rewrite.replacePrefixMatch().startsWith("/")) {
      errors.add(path.field("replacePrefixMatch"), "must be an absolute path starting with \"/\"");
    }
  }

  /**
   * With {@code rewrite.hostToBackendHostname}, the Host comes from the upstream: a {@code
   * request_header} filter may not also set or add it (Kuma 2.2).
   */
  private static void checkHostNotModified(Path path, List<Filter> filters, Errors errors) {
    for (int f = 0; f < filters.size(); f++) {
      Filter filter = filters.get(f);
      if (filter == null || filter.requestHeader() == null) {
        continue;
      }
      Path at = path.index(f).field("request_header");
      checkHostHeaders(at.field("set"), filter.requestHeader().set(), errors);
      checkHostHeaders(at.field("add"), filter.requestHeader().add(), errors);
    }
  }

  private static void checkHostHeaders(
      Path path, List<MeshGatewayRouteSpec.Header> headers, Errors errors) {
    for (int n = 0; n < headers.size(); n++) {
      MeshGatewayRouteSpec.Header header = headers.get(n);
      if (header == null) {
        continue;
      }
      String name = header.name().toLowerCase(Locale.ROOT);
      if (name.equals("host") || name.equals(":authority")) {
        errors.add(
            path.index(n).field("name"),
            "cannot modify '"
                + header.name()
                + "' header, when route has set 'rewrite.host_to_backend_hostname' option");
      }
    }
  }

  // ---------------------------------------------------------------- backends

  private static void validateBackends(Path path, List<Backend> backends, Errors errors) {
    for (int j = 0; j < backends.size(); j++) {
      Backend backend = backends.get(j);
      TagRules.validateSelector(
          path.index(j), backend == null ? null : backend.destination(), true, errors);
    }
    if (backends.size() > 1 && backends.stream().allMatch(b -> b == null || b.weight() == 0)) {
      errors.add(
          path, "weights cannot all be zero: at least one of several backends needs a weight");
    }
  }
}
