package io.portico.mesh.api.zone;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.portico.mesh.api.ResourceSpec;

/**
 * The spec of a Zone, as the global control plane records each connected zone (spec/core.md §7.1).
 *
 * @param enabled whether the zone takes part in the multizone deployment; null = true. Ingresses of
 *     a disabled zone are not synced to other zones (spec/core.md §7.3).
 */
public record ZoneSpec(@JsonInclude(JsonInclude.Include.NON_NULL) Boolean enabled)
    implements ResourceSpec {

  /** Whether the zone is enabled; an absent value means enabled. */
  @JsonIgnore
  public boolean isEnabled() {
    return enabled == null || enabled;
  }
}
