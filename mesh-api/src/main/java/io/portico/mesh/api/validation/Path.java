package io.portico.mesh.api.validation;

/**
 * A field path in Kuma's notation: dots for fields, {@code [i]} for list indexes, {@code ["k"]} for
 * map keys (spec/core.md §0), e.g. {@code selectors[0].match["kuma.io/service"]}.
 */
public record Path(String value) {
  public static final Path ROOT = new Path("");

  public Path {
    value = value == null ? "" : value;
  }

  public static Path of(String field) {
    return new Path(field);
  }

  public Path field(String name) {
    return new Path(value.isEmpty() ? name : value + "." + name);
  }

  public Path index(int i) {
    return new Path(value + "[" + i + "]");
  }

  public Path key(String key) {
    return new Path(value + "[\"" + key + "\"]");
  }

  public boolean isRoot() {
    return value.isEmpty();
  }

  @Override
  public String toString() {
    return value;
  }
}
