package io.portico.cli.client;

import io.portico.mesh.api.validation.Violation;

/**
 * The control plane answered a request with an error status. The message says what the control
 * plane said ({@code title: details}), lists each cause on its own line as {@code field: message},
 * and for 401, 403 and 405 explains what to do.
 */
public final class ApiErrorException extends ControlPlaneException {
  private final int status;
  private final ApiError error;

  ApiErrorException(
      int status, ApiError error, String address, String controlPlane, boolean hasToken) {
    super(describe(status, error, address, controlPlane, hasToken));
    this.status = status;
    this.error = error;
  }

  public int status() {
    return status;
  }

  public ApiError error() {
    return error;
  }

  private static String describe(
      int status, ApiError error, String address, String controlPlane, boolean hasToken) {
    String said = error.summary().isEmpty() ? "HTTP " + status : error.summary();
    StringBuilder out = new StringBuilder();
    switch (status) {
      case 401 -> {
        out.append("the control plane at ")
            .append(address)
            .append(" did not accept the credentials (401 ")
            .append(said)
            .append("): ");
        if (hasToken) {
          out.append("the token of control plane \"")
              .append(controlPlane)
              .append("\" is not valid or has expired");
        } else {
          out.append("no user token is configured for control plane \"")
              .append(controlPlane)
              .append('"');
        }
        out.append("; set one with: porticoctl config control-planes add --name ")
            .append(controlPlane)
            .append(" --address ")
            .append(address)
            .append(" --auth-type tokens --auth-conf token=<JWT> --overwrite");
      }
      case 403 ->
          out.append("access denied by the control plane at ")
              .append(address)
              .append(" (403 ")
              .append(said)
              .append("): the current user may not do this")
              .append(hasToken ? "" : " (no user token is configured)")
              .append("; secrets and global secrets need an admin user token");
      case 405 ->
          out.append("the control plane at ")
              .append(address)
              .append(" does not allow this change (405, read-only): ")
              .append(said);
      default -> {
        out.append(said);
        if (status >= 500) {
          out.append(" (HTTP ").append(status).append(" from ").append(address).append(')');
        }
      }
    }
    for (Violation cause : error.causes()) {
      out.append("\n  ").append(cause);
    }
    return out.toString();
  }
}
