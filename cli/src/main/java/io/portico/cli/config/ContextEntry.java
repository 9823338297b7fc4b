package io.portico.cli.config;

import java.util.Objects;

/**
 * A context in which commands run: which control plane they talk to. {@code config control-planes
 * add} creates one context per control plane, with the same name.
 *
 * @param name the context name
 * @param controlPlane the name of the control plane it uses
 */
public record ContextEntry(String name, String controlPlane) {
  public ContextEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(controlPlane, "controlPlane");
  }
}
