package io.portico.mesh.api.policy.targetref;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.SpecValues;
import java.util.List;

/**
 * The spec of a MeshTrafficPermission (spec/core.md §4.3): for the proxies selected by {@code
 * targetRef}, which clients ({@code from}) are allowed or denied. Applied to sidecars only, with
 * mTLS on.
 *
 * @param targetRef the proxies the permission applies to
 * @param from client subsets and their action; at least one
 */
public record MeshTrafficPermissionSpec(TargetRef targetRef, List<From> from)
    implements ResourceSpec {
  public MeshTrafficPermissionSpec {
    from = SpecValues.list(from);
  }

  /**
   * A client subset and what to do with its requests.
   *
   * @param targetRef the clients: Mesh, MeshSubset, MeshService or MeshServiceSubset
   * @param defaultConf the action ({@code default} in YAML)
   */
  public record From(TargetRef targetRef, @JsonProperty("default") Conf defaultConf) {}

  /**
   * The action.
   *
   * @param action what to do with matching requests (required)
   */
  public record Conf(Action action) {}

  /** What to do with a client's requests (spec/core.md §4.3). */
  public enum Action {
    /** Allow. */
    ALLOW,
    /** Deny. */
    DENY,
    /** Allow, but record the request as denied by a shadow rule. */
    ALLOW_WITH_SHADOW_DENY
  }
}
