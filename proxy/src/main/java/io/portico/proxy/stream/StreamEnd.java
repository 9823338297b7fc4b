package io.portico.proxy.stream;

import io.grpc.Status;
import java.util.Objects;

/** Why a {@link ConfigStream} ended for good. */
public sealed interface StreamEnd {
  /** The proxy closed it (shutting down). */
  record Stopped() implements StreamEnd {}

  /**
   * The control plane refused the proxy before ever sending it a config; retrying cannot help
   * (kuma-dp likewise stops on a 4xx from the bootstrap server, spec/core.md §6.6).
   *
   * @param code UNAUTHENTICATED, PERMISSION_DENIED, INVALID_ARGUMENT or FAILED_PRECONDITION
   * @param message the control plane's description, empty if it gave none
   */
  record Refused(Status.Code code, String message) implements StreamEnd {
    public Refused {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
      return code + (message.isEmpty() ? "" : ": " + message);
    }
  }
}
