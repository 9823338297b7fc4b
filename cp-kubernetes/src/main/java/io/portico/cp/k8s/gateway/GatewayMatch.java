package io.portico.cp.k8s.gateway;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.Selector;
import io.portico.mesh.api.TagRank;
import io.portico.mesh.api.gateway.MeshGatewaySpec;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which MeshGateway a MeshGatewayInstance serves: the spec/gateway.md §2.1 rule with each selector
 * matched against the instance's {@code spec.tags} instead of a dataplane's gateway tags
 * (spec/kubernetes.md §4.3 step 2).
 *
 * <ol>
 *   <li>A MeshGateway of the instance's mesh is a candidate when one of its selectors matches the
 *       tags; its score is the rank of its best matching selector (more tags, then more exact
 *       values, spec/gateway.md §1.1).
 *   <li>The best score wins ({@link #BY_RANK}); on equal scores the most recently created wins
 *       ({@link #NEWEST_FIRST}); then the first by name ({@link #BY_NAME}, Kuma's candidates are in
 *       name order), so that the choice is total.
 *   <li>MeshGateways of other meshes never match.
 * </ol>
 *
 * <p>This is the rule of {@code io.portico.cp.compiler.gateway.GatewaySelection}, which the
 * compiler applies to the gateway dataplanes these instances run; both must pick the same
 * MeshGateway. It is repeated here because cp-kubernetes depends on mesh-api, not on the compiler;
 * the two should become one class in mesh-api.
 */
public final class GatewayMatch {
  /** Higher rank of the best matching selector first. */
  static final Comparator<Candidate> BY_RANK =
      Comparator.comparing(Candidate::rank, Comparator.reverseOrder());

  /** Later creation first; a MeshGateway without creation time counts as the oldest. */
  static final Comparator<Candidate> NEWEST_FIRST =
      Comparator.comparing(Candidate::createdAt, Comparator.reverseOrder());

  /** Name order, the last tie-break. */
  static final Comparator<Candidate> BY_NAME = Comparator.comparing(c -> c.gateway().name());

  /** Best candidate first: the three rules in their order. */
  static final Comparator<Candidate> BEST_FIRST =
      BY_RANK.thenComparing(NEWEST_FIRST).thenComparing(BY_NAME);

  private GatewayMatch() {}

  /**
   * The MeshGateway of {@code mesh} whose selectors best match the instance's tags, if any.
   *
   * @param gateways MeshGateways, of any mesh (those of other meshes are ignored)
   * @param mesh the instance's mesh
   * @param instanceTags the instance's {@code spec.tags}
   */
  public static Optional<Resource<MeshGatewaySpec>> best(
      List<Resource<MeshGatewaySpec>> gateways, String mesh, Map<String, String> instanceTags) {
    return gateways.stream()
        .filter(g -> g.mesh().equals(mesh))
        .map(g -> score(g, instanceTags))
        .flatMap(Optional::stream)
        .min(BEST_FIRST)
        .map(Candidate::gateway);
  }

  private static Optional<Candidate> score(
      Resource<MeshGatewaySpec> gateway, Map<String, String> tags) {
    TagRank best = null;
    for (Selector selector : gateway.spec().selectors()) {
      if (selector != null && selector.matches(tags)) {
        TagRank rank = selector.rank();
        if (best == null || rank.compareTo(best) > 0) {
          best = rank;
        }
      }
    }
    return Optional.ofNullable(best).map(rank -> new Candidate(gateway, rank));
  }

  /** A matching MeshGateway and the rank of its best matching selector. */
  record Candidate(Resource<MeshGatewaySpec> gateway, TagRank rank) {
    Instant createdAt() {
      Instant created = gateway.meta().creationTime();
      return created == null ? Instant.MIN : created;
    }
  }
}
