package io.portico.proxy.config;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who may connect to a listener (TrafficPermission, spec core.md §3.4; MeshTrafficPermission,
 * §4.3), decided once per connection on the URI SANs of the client certificate: the rules are tried
 * in order and the first whose principal matches decides; when none matches the connection is
 * denied (Envoy's network RBAC with no matching policy). Compiled once per config, immutable.
 */
public final class AuthorizationMatcher {
  private final List<Rule> rules;

  public AuthorizationMatcher(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** What a matching rule does with the connection. */
  public enum Action {
    ALLOW,
    DENY,
    /** Allowed, but logged as a connection that a deny would have refused. */
    ALLOW_WITH_SHADOW_DENY;

    public boolean isAllowed() {
      return this != DENY;
    }
  }

  /**
   * A client identity: the client certificate carries every required URI and matches none of the
   * excluded principals; {@code any} matches every client (with or without certificate).
   */
  public record Principal(boolean any, Set<String> requiredUris, List<Principal> excluded) {
    public static final Principal ANY = new Principal(true, Set.of(), List.of());

    public Principal {
      requiredUris = Set.copyOf(requiredUris);
      excluded = List.copyOf(excluded);
      if (any && (!requiredUris.isEmpty() || !excluded.isEmpty())) {
        throw new IllegalArgumentException("a principal that matches any client has no conditions");
      }
      if (!any && requiredUris.isEmpty() && excluded.isEmpty()) {
        throw new IllegalArgumentException("a principal needs any, required URIs or exclusions");
      }
    }

    public static Principal allOf(Set<String> uris) {
      return new Principal(false, uris, List.of());
    }

    public static Principal not(Principal... excluded) {
      return new Principal(false, Set.of(), List.of(excluded));
    }

    public boolean matches(Collection<String> uris) {
      if (any) {
        return true;
      }
      if (!uris.containsAll(requiredUris)) {
        return false;
      }
      for (int i = 0; i < excluded.size(); i++) {
        if (excluded.get(i).matches(uris)) {
          return false;
        }
      }
      return true;
    }
  }

  /** A rule: its name (for logs), principal and action. */
  public record Rule(String name, Principal principal, Action action) {
    public Rule {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(principal, "principal");
      Objects.requireNonNull(action, "action");
    }
  }

  /** The outcome for one connection; {@code rule} is empty when no rule matched. */
  public record Decision(Action action, String rule) {
    static final Decision NO_MATCH = new Decision(Action.DENY, "");

    public boolean isAllowed() {
      return action.isAllowed();
    }

    public boolean isDefaultDeny() {
      return rule.isEmpty();
    }
  }

  /**
   * Decides on a connection.
   *
   * @param uris the URI SANs of the client certificate; empty for a client without certificate
   */
  public Decision decide(Collection<String> uris) {
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
      if (rule.principal().matches(uris)) {
        return new Decision(rule.action(), rule.name());
      }
    }
    return Decision.NO_MATCH;
  }

  public List<Rule> rules() {
    return rules;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuthorizationMatcher other && rules.equals(other.rules);
  }

  @Override
  public int hashCode() {
    return rules.hashCode();
  }

  @Override
  public String toString() {
    return "AuthorizationMatcher" + rules;
  }
}
