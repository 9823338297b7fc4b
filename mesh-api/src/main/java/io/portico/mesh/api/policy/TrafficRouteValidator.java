package io.portico.mesh.api.policy;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.portico.mesh.api.Validator;
import io.portico.mesh.api.policy.TrafficRouteSpec.Conf;
import io.portico.mesh.api.policy.TrafficRouteSpec.HeaderChanges;
import io.portico.mesh.api.policy.TrafficRouteSpec.HostRewrite;
import io.portico.mesh.api.policy.TrafficRouteSpec.Http;
import io.portico.mesh.api.policy.TrafficRouteSpec.LoadBalancer;
import io.portico.mesh.api.policy.TrafficRouteSpec.Match;
import io.portico.mesh.api.policy.TrafficRouteSpec.Modify;
import io.portico.mesh.api.policy.TrafficRouteSpec.PathRewrite;
import io.portico.mesh.api.policy.TrafficRouteSpec.RegexRewrite;
import io.portico.mesh.api.policy.TrafficRouteSpec.Split;
import io.portico.mesh.api.policy.TrafficRouteSpec.StringMatcher;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.HttpRules;
import io.portico.mesh.api.validation.Path;
import io.portico.mesh.api.validation.TagRules;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Validates a TrafficRoute (spec/core.md §3.4): sources S1, destinations SVC, a {@code conf} with
 * exactly one of {@code destination} and {@code split} (at the top and in each HTTP rule), valid
 * HTTP matchers and modifications, and a known ring-hash function.
 */
public final class TrafficRouteValidator implements Validator<TrafficRouteSpec> {
  static final long MAX_RING_SIZE = 8_388_608;

  private static final Set<String> HASH_FUNCTIONS = Set.of("XX_HASH", "MURMUR_HASH_2");

  @Override
  public void validate(TrafficRouteSpec spec, Errors errors) {
    PolicySelectors.withService(Path.of("sources"), spec.sources(), errors);
    PolicySelectors.serviceOnly(Path.of("destinations"), spec.destinations(), errors);
    Path conf = Path.of("conf");
    if (spec.conf() == null) {
      errors.add(conf, ConfRules.CANNOT_BE_EMPTY);
      return;
    }
    Conf c = spec.conf();
    splitOrDestination(conf, c.split(), c.destination(), errors);
    for (int i = 0; i < c.http().size(); i++) {
      http(conf.field("http").index(i), c.http().get(i), errors);
    }
    if (c.loadBalancer() != null) {
      loadBalancer(conf.field("loadBalancer"), c.loadBalancer(), errors);
    }
  }

  private static void splitOrDestination(
      Path path, List<Split> split, Map<String, String> destination, Errors errors) {
    if (split.isEmpty() && destination.isEmpty()) {
      errors.add(path, "requires either \"destination\" or \"split\"");
      return;
    }
    if (!split.isEmpty() && !destination.isEmpty()) {
      errors.add(path, "\"split\" cannot be defined at the same time as \"destination\"");
    }
    if (!destination.isEmpty()) {
      TagRules.validateSelector(path.field("destination"), destination, true, errors);
    }
    if (!split.isEmpty()) {
      long total = 0;
      for (int i = 0; i < split.size(); i++) {
        Path at = path.field("split").index(i);
        Split entry = split.get(i) == null ? new Split(null, null) : split.get(i);
        if (entry.weight() == null) {
          errors.add(at.field("weight"), "needs to be defined");
        } else if (entry.weight() < 0) {
          errors.add(at.field("weight"), "must not be negative");
        } else {
          total += entry.weight();
        }
        TagRules.validateSelector(at.field("destination"), entry.destination(), true, errors);
      }
      if (total == 0) {
        errors.add(
            path.field("split"), "there must be at least one split entry with weight above 0");
      }
    }
  }

  private static void http(Path path, Http http, Errors errors) {
    if (http == null) {
      http = new Http(null, null, null, null);
    }
    match(path.field("match"), http.match(), errors);
    if (http.modify() != null) {
      modify(path.field("modify"), http.modify(), http.match(), errors);
    }
    splitOrDestination(path, http.split(), http.destination(), errors);
  }

  private static void match(Path path, Match match, Errors errors) {
    if (match == null
        || (match.method() == null && match.path() == null && match.headers().isEmpty())) {
      errors.add(
          path,
          "must be present and contain at least one of the elements: \"method\", \"path\" or"
              + " \"headers\"");
      return;
    }
    if (match.method() != null) {
      stringMatcher(path.field("method"), match.method(), errors);
    }
    if (match.path() != null) {
      stringMatcher(path.field("path"), match.path(), errors);
    }
    for (Map.Entry<String, StringMatcher> e : new TreeMap<>(match.headers()).entrySet()) {
      Path at = path.field("headers").key(e.getKey());
      if (e.getKey().isEmpty()) {
        errors.add(at, ConfRules.CANNOT_BE_EMPTY);
      } else if (!e.getKey().startsWith(":")) {
        HttpRules.headerName(at, e.getKey(), errors);
      }
      stringMatcher(at, e.getValue(), errors);
    }
  }

  private static void stringMatcher(Path path, StringMatcher matcher, Errors errors) {
    int set = 0;
    if (matcher != null) {
      set += matcher.prefix() != null ? 1 : 0;
      set += matcher.exact() != null ? 1 : 0;
      set += matcher.regex() != null ? 1 : 0;
    }
    if (set == 0) {
      errors.add(path, "cannot be empty. Available options: \"exact\", \"prefix\" or \"regex\"");
      return;
    }
    if (set > 1) {
      errors.add(path, "must have only one of \"exact\", \"prefix\" or \"regex\"");
    }
    if (matcher.prefix() != null && matcher.prefix().isEmpty()) {
      errors.add(path.field("prefix"), ConfRules.CANNOT_BE_EMPTY);
    }
    if (matcher.regex() != null) {
      regex(path.field("regex"), matcher.regex(), errors);
    }
  }

  private static void regex(Path path, String regex, Errors errors) {
    if (regex.isEmpty()) {
      errors.add(path, ConfRules.CANNOT_BE_EMPTY);
      return;
    }
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      errors.add(path, "must be a valid regular expression: " + e.getDescription());
    }
  }

  private static void modify(Path path, Modify modify, Match match, Errors errors) {
    if (modify.path() != null) {
      pathRewrite(path.field("path"), modify.path(), match, errors);
    }
    if (modify.host() != null) {
      hostRewrite(path.field("host"), modify.host(), errors);
    }
    if (modify.requestHeaders() != null) {
      headers(path.field("requestHeaders"), modify.requestHeaders(), errors);
    }
    if (modify.responseHeaders() != null) {
      headers(path.field("responseHeaders"), modify.responseHeaders(), errors);
    }
  }

  private static void pathRewrite(Path path, PathRewrite rewrite, Match match, Errors errors) {
    boolean hasPrefix = rewrite.rewritePrefix() != null;
    boolean hasRegex = rewrite.regex() != null;
    if (hasPrefix == hasRegex) {
      errors.add(path, "either \"rewritePrefix\" or \"regex\" has to be set");
      return;
    }
    if (hasPrefix) {
      String matchedPrefix =
          match == null || match.path() == null || match.path().prefix() == null
              ? ""
              : match.path().prefix();
      if (rewrite.rewritePrefix().isEmpty()) {
        errors.add(path.field("rewritePrefix"), ConfRules.CANNOT_BE_EMPTY);
      } else if (matchedPrefix.isEmpty()) {
        errors.add(
            path.field("rewritePrefix"),
            "can only be set when .http.match.path.prefix is not empty");
      }
    } else {
      regexRewrite(path.field("regex"), rewrite.regex(), errors);
    }
  }

  private static void hostRewrite(Path path, HostRewrite rewrite, Errors errors) {
    boolean hasValue = rewrite.value() != null;
    boolean hasFromPath = rewrite.fromPath() != null;
    if (hasValue == hasFromPath) {
      errors.add(path, "either \"value\" or \"fromPath\" has to be set");
      return;
    }
    if (hasValue) {
      if (rewrite.value().isEmpty()) {
        errors.add(path.field("value"), ConfRules.CANNOT_BE_EMPTY);
      }
    } else {
      regexRewrite(path.field("fromPath"), rewrite.fromPath(), errors);
    }
  }

  private static void regexRewrite(Path path, RegexRewrite rewrite, Errors errors) {
    regex(path.field("pattern"), rewrite.pattern(), errors);
    if (rewrite.substitution().isEmpty()) {
      errors.add(path.field("substitution"), ConfRules.CANNOT_BE_EMPTY);
    }
  }

  private static void headers(Path path, HeaderChanges headers, Errors errors) {
    for (int i = 0; i < headers.add().size(); i++) {
      Path at = path.field("add").index(i);
      TrafficRouteSpec.AddHeader add = headers.add().get(i);
      headerName(at.field("name"), add == null ? "" : add.name(), errors);
      if (add == null || add.value().isEmpty()) {
        errors.add(at.field("value"), ConfRules.CANNOT_BE_EMPTY);
      } else {
        HttpRules.headerValue(at.field("value"), add.value(), errors);
      }
    }
    for (int i = 0; i < headers.remove().size(); i++) {
      TrafficRouteSpec.RemoveHeader remove = headers.remove().get(i);
      headerName(
          path.field("remove").index(i).field("name"), remove == null ? "" : remove.name(), errors);
    }
  }

  private static void headerName(Path path, String name, Errors errors) {
    if (name.isEmpty()) {
      errors.add(path, ConfRules.CANNOT_BE_EMPTY);
    } else if (name.startsWith(":") || name.equalsIgnoreCase("host")) {
      errors.add(path, "host header and HTTP/2 pseudo-headers are not allowed to be modified");
    } else {
      HttpRules.headerName(path, name, errors);
    }
  }

  private static void loadBalancer(Path path, LoadBalancer lb, Errors errors) {
    int set = 0;
    set += lb.roundRobin() != null ? 1 : 0;
    set += lb.leastRequest() != null ? 1 : 0;
    set += lb.ringHash() != null ? 1 : 0;
    set += lb.random() != null ? 1 : 0;
    set += lb.maglev() != null ? 1 : 0;
    if (set > 1) {
      errors.add(
          path,
          "must have only one of \"roundRobin\", \"leastRequest\", \"ringHash\", \"random\" or"
              + " \"maglev\"");
    }
    if (lb.leastRequest() != null
        && lb.leastRequest().choiceCount() != 0
        && lb.leastRequest().choiceCount() < 2) {
      errors.add(
          path.field("leastRequest").field("choiceCount"),
          "value must be greater than or equal to 2");
    }
    if (lb.ringHash() != null && !HASH_FUNCTIONS.contains(lb.ringHash().hashFunction())) {
      errors.add(
          path.field("ringHash").field("hashFunction"),
          "must have a valid hash function: XX_HASH or MURMUR_HASH_2");
    }
    if (lb.ringHash() != null) {
      ringSize(path.field("ringHash").field("minRingSize"), lb.ringHash().minRingSize(), errors);
      ringSize(path.field("ringHash").field("maxRingSize"), lb.ringHash().maxRingSize(), errors);
      if (lb.ringHash().maxRingSize() > 0
          && lb.ringHash().minRingSize() > lb.ringHash().maxRingSize()) {
        errors.add(
            path.field("ringHash").field("minRingSize"), "must not be greater than maxRingSize");
      }
    }
  }

  /** Envoy's ring sizes: at most 8M entries (a uint64 in Kuma, never negative). */
  private static void ringSize(Path path, long size, Errors errors) {
    if (size < 0 || size > MAX_RING_SIZE) {
      errors.add(path, "must be in the range [0, " + MAX_RING_SIZE + "]");
    }
  }
}
