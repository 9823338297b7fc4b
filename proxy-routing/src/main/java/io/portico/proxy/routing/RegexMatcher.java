package io.portico.proxy.routing;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A compiled regular expression (java.util.regex) that matches only a whole input, as RE2 matchers
 * do in route matches (spec gateway.md §3.2). Two matchers are equal when their sources are.
 */
public record RegexMatcher(Pattern pattern) {
  public RegexMatcher {
    Objects.requireNonNull(pattern, "pattern");
  }

  /**
   * Compiles an expression.
   *
   * @throws IllegalArgumentException naming the expression and the problem when it does not compile
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
