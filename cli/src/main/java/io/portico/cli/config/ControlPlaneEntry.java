package io.portico.cli.config;

import java.util.Objects;

/**
 * A control plane porticoctl knows, by a name of the user's choosing.
 *
 * @param name the reference name ({@code --name})
 * @param apiServer where its REST API is and how to talk to it
 */
public record ControlPlaneEntry(String name, ApiServer apiServer) {
  public ControlPlaneEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(apiServer, "apiServer");
  }
}
