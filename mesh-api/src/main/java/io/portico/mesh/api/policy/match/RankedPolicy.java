package io.portico.mesh.api.policy.match;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.TagRank;
import java.util.Objects;

/**
 * A policy together with the rank of the selector it matched by.
 *
 * @param policy the policy
 * @param rank the specificity of the match
 * @param <S> the policy spec type
 */
public record RankedPolicy<S extends ResourceSpec>(Resource<S> policy, TagRank rank) {
  public RankedPolicy {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(rank, "rank");
  }
}
