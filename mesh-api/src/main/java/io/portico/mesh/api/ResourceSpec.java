package io.portico.mesh.api;

/**
 * The body of a resource: everything but its meta (type, mesh, name, version, times).
 *
 * <p>Implementations are immutable records. Their JSON form is the protobuf-JSON form of Kuma 2.0:
 * lowerCamelCase names, unset values omitted, durations as {@code "5s"}.
 */
public interface ResourceSpec {}
