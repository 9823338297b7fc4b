package io.portico.cli.client;

/**
 * The control plane did not answer: nothing listens, the host is unknown, TLS failed or the call
 * timed out. Message: {@code could not reach the control plane at <address>: <reason>}.
 */
public final class UnreachableException extends ControlPlaneException {
  private final String address;
  private final String reason;

  public UnreachableException(String address, String reason, Throwable cause) {
    super("could not reach the control plane at " + address + ": " + reason, cause);
    this.address = address;
    this.reason = reason;
  }

  public String address() {
    return address;
  }

  public String reason() {
    return reason;
  }
}
