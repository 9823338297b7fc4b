package io.portico.cp.compiler.gateway;

import io.portico.cp.compiler.plan.MatchPlan.PathKind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The order of match entries within a virtual host, most specific first; the proxy takes the first
 * entry that matches (spec/gateway.md §3.3, decision Q1). It is Kuma's "more specific" order made
 * total, each rule deciding only when all the previous ones tie:
 *
 * <ol>
 *   <li>{@link #BY_PATH_KIND}: exact path, then prefix, then regex.
 *   <li>{@link #BY_PATH_LENGTH}: longer path first (bytes of the exact path, expanded prefix or
 *       regex source).
 *   <li>{@link #BY_METHOD}: an entry with a method before one without.
 *   <li>{@link #BY_CONDITION_COUNT}: more header + query conditions first.
 *   <li>{@link #BY_EXACT_CONDITION_COUNT}: more EXACT header + query conditions first.
 *   <li>{@link #BY_DECLARED_EXACT}: a path declared {@code EXACT /x} before the exact entry {@code
 *       /x} of a {@code PREFIX /x} (§3.1). Kuma drops that expansion next to any EXACT {@code /x},
 *       so {@code /x} goes to the EXACT rule whatever the rules' order; Portico keeps the expansion
 *       (decision Q3) and gets the same answer from this rule when all the previous ones tie.
 *   <li>{@link #BY_PATH}: smaller path string first (bytes).
 *   <li>{@link #BY_ROUTE_NAME}, {@link #BY_RULE_INDEX}, {@link #BY_MATCH_INDEX}: declaration order,
 *       so that equal entries keep a stable order (spec/gateway.md §2.10).
 * </ol>
 *
 * Two entries from one match never tie: they differ in path kind.
 */
public final class EntryPrecedence {
  static final Comparator<RouteEntryPlan> BY_PATH_KIND =
      Comparator.comparingInt(e -> -kindRank(e.path().kind()));
  static final Comparator<RouteEntryPlan> BY_PATH_LENGTH =
      Comparator.comparingInt(e -> -bytes(e.path().value()).length);
  static final Comparator<RouteEntryPlan> BY_METHOD =
      Comparator.comparingInt(e -> e.hasMethod() ? 0 : 1);
  static final Comparator<RouteEntryPlan> BY_CONDITION_COUNT =
      Comparator.comparingInt(e -> -e.conditionCount());
  static final Comparator<RouteEntryPlan> BY_EXACT_CONDITION_COUNT =
      Comparator.comparingInt(e -> -e.exactConditionCount());
  static final Comparator<RouteEntryPlan> BY_DECLARED_EXACT =
      Comparator.comparingInt(e -> e.isPrefixExact() ? 1 : 0);
  static final Comparator<RouteEntryPlan> BY_PATH =
      (a, b) -> Arrays.compareUnsigned(bytes(a.path().value()), bytes(b.path().value()));
  static final Comparator<RouteEntryPlan> BY_ROUTE_NAME =
      Comparator.comparing(e -> e.route().name());
  static final Comparator<RouteEntryPlan> BY_RULE_INDEX =
      Comparator.comparingInt(RouteEntryPlan::ruleIndex);
  static final Comparator<RouteEntryPlan> BY_MATCH_INDEX =
      Comparator.comparingInt(RouteEntryPlan::matchIndex);

  /** The precedence order: most specific first. */
  public static final Comparator<RouteEntryPlan> ORDER =
      BY_PATH_KIND
          .thenComparing(BY_PATH_LENGTH)
          .thenComparing(BY_METHOD)
          .thenComparing(BY_CONDITION_COUNT)
          .thenComparing(BY_EXACT_CONDITION_COUNT)
          .thenComparing(BY_DECLARED_EXACT)
          .thenComparing(BY_PATH)
          .thenComparing(BY_ROUTE_NAME)
          .thenComparing(BY_RULE_INDEX)
          .thenComparing(BY_MATCH_INDEX);

  private EntryPrecedence() {}

  private static int kindRank(PathKind kind) {
    return switch (kind) {
      case EXACT -> 3;
      case PREFIX -> 2;
      case REGEX -> 1;
    };
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
