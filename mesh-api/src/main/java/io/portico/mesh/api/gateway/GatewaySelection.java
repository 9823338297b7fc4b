package io.portico.mesh.api.gateway;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.Selector;
import io.portico.mesh.api.TagRank;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which MeshGateway configures a builtin gateway dataplane (spec/gateway.md §2.1), and which one a
 * MeshGatewayInstance serves (spec/kubernetes.md §4.3: the instance's {@code spec.tags} in place of
 * the dataplane's): the compiler and the Kubernetes controller must pick the same one.
 *
 * <ol>
 *   <li>A MeshGateway is a candidate when one of its selectors matches the dataplane's {@code
 *       networking.gateway.tags}; its score is the rank of its best matching selector (more tags,
 *       then more exact values, spec/gateway.md §1.1).
 *   <li>The best score wins; on equal scores the most recently created wins; then the first by name
 *       (Kuma's candidates are in name order), so that the choice is total.
 *   <li>No candidate: the dataplane gets no listeners.
 * </ol>
 *
 * Other matching MeshGateways are ignored entirely.
 */
public final class GatewaySelection {
  /** Best candidate first. A resource without creation time counts as the oldest. */
  static final Comparator<Candidate> BEST_FIRST =
      Comparator.comparing(Candidate::rank, Comparator.reverseOrder())
          .thenComparing(Candidate::createdAt, Comparator.reverseOrder())
          .thenComparing(c -> c.gateway().name());

  private GatewaySelection() {}

  /** The MeshGateway that configures a dataplane with these gateway tags, if any. */
  public static Optional<Resource<MeshGatewaySpec>> select(
      List<Resource<MeshGatewaySpec>> gateways, Map<String, String> dataplaneTags) {
    return gateways.stream()
        .map(g -> score(g, dataplaneTags))
        .flatMap(Optional::stream)
        .min(BEST_FIRST)
        .map(Candidate::gateway);
  }

  private static Optional<Candidate> score(
      Resource<MeshGatewaySpec> gateway, Map<String, String> dataplaneTags) {
    TagRank best = null;
    for (Selector selector : gateway.spec().selectors()) {
      if (selector != null && selector.matches(dataplaneTags)) {
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
