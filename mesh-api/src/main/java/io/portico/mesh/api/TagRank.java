package io.portico.mesh.api;

/**
 * The specificity of a selector: how many of its values are exact and how many are {@code *}.
 *
 * <p>Ranks compare first by total number of keys, then by number of exact values (spec/core.md
 * §3.2). The rank of a (source, destination) pair is the component-wise sum.
 */
public record TagRank(int exact, int wildcard) implements Comparable<TagRank> {
  public static final TagRank ZERO = new TagRank(0, 0);

  public int total() {
    return exact + wildcard;
  }

  public TagRank plus(TagRank other) {
    return new TagRank(exact + other.exact, wildcard + other.wildcard);
  }

  @Override
  public int compareTo(TagRank o) {
    int byTotal = Integer.compare(total(), o.total());
    return byTotal != 0 ? byTotal : Integer.compare(exact, o.exact);
  }
}
