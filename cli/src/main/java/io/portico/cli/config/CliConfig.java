package io.portico.cli.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The whole porticoctl configuration. Operations return a changed copy; rules follow kumactl's
 * (kumahq/kuma:pkg/config/app/kumactl/v1alpha1/config_helpers.go).
 *
 * @param controlPlanes known control planes, in the order they were added
 * @param contexts known contexts, in the order they were added
 * @param currentContext the context commands use; empty when there is none
 */
public record CliConfig(
    List<ControlPlaneEntry> controlPlanes, List<ContextEntry> contexts, String currentContext) {
  /** The name of the control plane and context used when no configuration file exists. */
  public static final String LOCAL = "local";

  /** The address of the control plane used when no configuration file exists. */
  public static final String LOCAL_ADDRESS = "http://localhost:5681";

  public CliConfig {
    controlPlanes = List.copyOf(controlPlanes);
    contexts = List.copyOf(contexts);
    currentContext = currentContext == null ? "" : currentContext;
  }

  /** The configuration without a file: context {@code local} on {@code http://localhost:5681}. */
  public static CliConfig defaults() {
    return new CliConfig(
        List.of(new ControlPlaneEntry(LOCAL, ApiServer.of(LOCAL_ADDRESS))),
        List.of(new ContextEntry(LOCAL, LOCAL)),
        LOCAL);
  }

  public Optional<ControlPlaneEntry> controlPlane(String name) {
    return controlPlanes.stream().filter(cp -> cp.name().equals(name)).findFirst();
  }

  public Optional<ContextEntry> context(String name) {
    return contexts.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** The control plane of the current context, if there is one. */
  public Optional<ControlPlaneEntry> currentControlPlane() {
    return context(currentContext).flatMap(c -> controlPlane(c.controlPlane()));
  }

  /**
   * Adds or replaces a control plane, adds or replaces a context of the same name for it, and makes
   * that context current.
   */
  public CliConfig withControlPlane(ControlPlaneEntry entry) {
    List<ControlPlaneEntry> cps = new ArrayList<>(controlPlanes);
    int at = indexOfControlPlane(entry.name());
    if (at >= 0) {
      cps.set(at, entry);
    } else {
      cps.add(entry);
    }
    List<ContextEntry> ctxs = new ArrayList<>(contexts);
    ctxs.removeIf(c -> c.name().equals(entry.name()));
    ctxs.add(new ContextEntry(entry.name(), entry.name()));
    return new CliConfig(cps, ctxs, entry.name());
  }

  /** Makes the named context current; empty when there is no such context. */
  public Optional<CliConfig> switchTo(String contextName) {
    return context(contextName).map(c -> new CliConfig(controlPlanes, contexts, c.name()));
  }

  /**
   * Removes a control plane and the contexts that use it. When the current context goes, the first
   * remaining context becomes current (none when nothing remains). Empty when there is no such
   * control plane.
   */
  public Optional<CliConfig> withoutControlPlane(String name) {
    if (indexOfControlPlane(name) < 0) {
      return Optional.empty();
    }
    List<ControlPlaneEntry> cps = new ArrayList<>(controlPlanes);
    cps.removeIf(cp -> cp.name().equals(name));
    List<ContextEntry> ctxs = new ArrayList<>(contexts);
    ctxs.removeIf(c -> c.controlPlane().equals(name));
    String current = currentContext;
    if (ctxs.stream().noneMatch(c -> c.name().equals(currentContext))) {
      current = ctxs.isEmpty() ? "" : ctxs.get(0).name();
    }
    return Optional.of(new CliConfig(cps, ctxs, current));
  }

  private int indexOfControlPlane(String name) {
    for (int i = 0; i < controlPlanes.size(); i++) {
      if (controlPlanes.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
