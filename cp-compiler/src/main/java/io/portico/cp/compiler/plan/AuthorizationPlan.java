package io.portico.cp.compiler.plan;

import java.util.List;
import java.util.Objects;

/**
 * Who may connect to a mutual-TLS listener, decided on the client certificate: rules tried in
 * order, the first whose principal matches decides; no match (or no rule) = deny.
 *
 * @param rules the rules in evaluation order
 */
public record AuthorizationPlan(List<Rule> rules) {
  /** No rule: every connection is denied (an inbound no TrafficPermission selects). */
  public static final AuthorizationPlan DENY_ALL = new AuthorizationPlan(List.of());

  public AuthorizationPlan {
    rules = List.copyOf(rules);
  }

  /**
   * One rule.
   *
   * @param name for logs: the policy it comes from
   * @param principal the clients it applies to
   * @param action what to do with them
   */
  public record Rule(String name, Principal principal, Action action) {
    public Rule {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(principal, "principal");
      Objects.requireNonNull(action, "action");
    }
  }

  /**
   * What a rule does with a matching connection (MeshTrafficPermission actions, spec/core.md §4.3).
   */
  public enum Action {
    ALLOW,
    DENY,
    /** Allow, but log the connection as one a DENY rule would refuse. */
    ALLOW_WITH_SHADOW_DENY
  }

  /**
   * A set of clients: those whose certificate carries every URI of {@code requiredUris} (or every
   * client when {@code isAny}), and matches none of the {@code not} principals.
   *
   * @param requiredUris URI SANs the client certificate must all carry
   * @param isAny whether every client matches (before {@code not})
   * @param not principals that exclude a client
   */
  public record Principal(List<String> requiredUris, boolean isAny, List<Principal> not) {
    /** Every client. */
    public static final Principal ANY = new Principal(List.of(), true, List.of());

    public Principal {
      requiredUris = List.copyOf(requiredUris);
      not = List.copyOf(not);
    }

    /** The clients carrying all of these URIs; every client when there are none. */
    public static Principal withUris(List<String> uris) {
      return uris.isEmpty() ? ANY : new Principal(uris, false, List.of());
    }
  }
}
