package io.portico.proxy.routing;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Objects;

/**
 * A compiled regular expression in RE2 syntax that matches only a whole input, as Envoy's {@code
 * safe_regex} matchers do in route matches (spec gateway.md §3.2).
 *
 * <p>Matching runs in time linear in the input whatever the expression (RE2J, an automaton without
 * backtracking): the input is a request's path, header or query value, chosen by whoever sends the
 * request, and a backtracking engine lets an expression such as {@code (a+)+$} take exponential
 * time on the event loop (docs/adr/0013-linear-time-regular-expressions.md). Two matchers are equal
 * when their sources are.
 */
public final class RegexMatcher {
  private final Pattern pattern;

  private RegexMatcher(Pattern pattern) {
    this.pattern = pattern;
  }

  /**
   * Compiles an expression.
   *
   * @throws IllegalArgumentException naming the expression and the problem when it is not RE2
   *     syntax (backreferences and lookaround are not)
   */
  public static RegexMatcher compile(String regex) {
    Objects.requireNonNull(regex, "regex");
    try {
      return new RegexMatcher(Pattern.compile(regex));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "invalid regular expression \"" + regex + "\": " + e.getDescription(), e);
    }
  }

  public boolean matchesWhole(CharSequence input) {
    return pattern.matcher(input).matches();
  }

  public String source() {
    return pattern.pattern();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RegexMatcher other && source().equals(other.source());
  }

  @Override
  public int hashCode() {
    return source().hashCode();
  }

  @Override
  public String toString() {
    return source();
  }
}
