package io.portico.cp.dpserver;

import io.grpc.Status;

/**
 * A proxy is refused: the status ends its stream, and its description tells the proxy's operator
 * what to fix (the proxy prints it).
 */
final class StreamRefusal extends RuntimeException {
  private final Status status;

  private StreamRefusal(Status.Code code, String description) {
    super(code + ": " + description, null, false, false);
    this.status = code.toStatus().withDescription(description);
  }

  /** Missing, malformed, expired or revoked token. */
  static StreamRefusal unauthenticated(String description) {
    return new StreamRefusal(Status.Code.UNAUTHENTICATED, description);
  }

  /** A valid token that does not allow this dataplane. */
  static StreamRefusal permissionDenied(String description) {
    return new StreamRefusal(Status.Code.PERMISSION_DENIED, description);
  }

  /** A malformed Hello or an invalid Dataplane; one {@code field: message} per line. */
  static StreamRefusal invalidArgument(String description) {
    return new StreamRefusal(Status.Code.INVALID_ARGUMENT, description);
  }

  /** The mesh, or the pre-created dataplane, does not exist. */
  /** A precondition the proxy cannot fix by waiting (its mesh does not exist): final. */
  static StreamRefusal failedPrecondition(String description) {
    return new StreamRefusal(Status.Code.FAILED_PRECONDITION, description);
  }

  static StreamRefusal notFound(String description) {
    return new StreamRefusal(Status.Code.NOT_FOUND, description);
  }

  Status status() {
    return status;
  }
}
