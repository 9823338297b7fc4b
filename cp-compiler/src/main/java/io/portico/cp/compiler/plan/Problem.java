package io.portico.cp.compiler.plan;

import java.util.Objects;

/**
 * Something the compiler left out of a config, and why: a listener whose certificate did not
 * resolve, a crossMesh port in a mesh without mTLS... The config is still produced; the control
 * plane logs and reports these.
 *
 * @param subject what was left out or degraded, e.g. {@code listener edge-gateway:HTTPS:8443}
 * @param message why, e.g. {@code certificate data source secret "x": secret "x" not found}
 */
public record Problem(String subject, String message) {
  public Problem {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return subject + ": " + message;
  }
}
