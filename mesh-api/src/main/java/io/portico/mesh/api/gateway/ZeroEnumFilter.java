package io.portico.mesh.api.gateway;

/**
 * A Jackson value filter that leaves out an enum holding its protobuf zero value (the first
 * constant: {@code NONE}, {@code EXACT}), as protobuf-JSON does (spec/core.md §0), so that a route
 * is written {@code path: {value: /x}} rather than {@code path: {match: EXACT, value: /x}, method:
 * NONE}. Jackson excludes a value when {@code filter.equals(value)} is true.
 */
final class ZeroEnumFilter {
  @Override
  public boolean equals(Object value) {
    return value == null || (value instanceof Enum<?> e && e.ordinal() == 0);
  }

  @Override
  public int hashCode() {
    return 0;
  }
}
