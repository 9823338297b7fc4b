package io.portico.cp.compiler.authorization;

import io.portico.cp.compiler.context.MeshMtls;
import io.portico.cp.compiler.plan.AuthorizationPlan;
import io.portico.cp.compiler.plan.AuthorizationPlan.Action;
import io.portico.cp.compiler.plan.AuthorizationPlan.Principal;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.Selector;
import io.portico.mesh.api.policy.targetref.MeshTrafficPermissionSpec;
import io.portico.mesh.api.policy.targetref.TargetRef;
import io.portico.mesh.api.validation.TagRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The authorization MeshTrafficPermissions give an inbound (spec/core.md §4.2–4.3, Kuma's {@code
 * BuildRules} and MeshTrafficPermission RBAC configurer).
 *
 * <ol>
 *   <li>The permissions whose top-level targetRef selects the inbound ({@link #selects}) are
 *       ordered by kind (Mesh, MeshSubset, MeshService, MeshServiceSubset), then name ({@link
 *       #MERGE_ORDER}); their {@code from} items, in that order, become (subset, action) items: a
 *       subset is the tags of the item's targetRef (Mesh: none; MeshService: {@code
 *       kuma.io/service}; MeshServiceSubset: the service and the tags; a {@code *} value is
 *       dropped).
 *   <li>Items whose subsets intersect form groups; for each group every combination of its tags,
 *       each either required or negated, is a candidate subset (simplified: a key with a required
 *       value keeps only it; two required values of one key = empty, skipped).
 *   <li>A candidate is covered by the items whose subset it lies in; the last covering item's
 *       action applies (later, more specific items override, as the JSON merge of their {@code
 *       default}s does); uncovered candidates give no rule.
 *   <li>Rules are ordered by number of required tags, most first, then by their tags. They are
 *       disjoint, so the order decides nothing; no rule matching = deny.
 * </ol>
 *
 * A rule's principal requires the URIs of its required tags ({@code spiffe://<mesh>/<service>},
 * {@code kuma://<k>/<v>}) and excludes, through {@code not}, each negated tag's URI; with no
 * required tag it matches any client but the excluded ones. The rule is named after the permission
 * whose item decided its action.
 */
public final class MeshTrafficPermissionRules {
  /** Groups with more distinct tags than this are refused (2^n candidates). */
  static final int MAX_TAGS_PER_GROUP = 16;

  /** Merge order of applicable permissions: kind priority, then name (spec/core.md §4.2). */
  static final Comparator<Resource<MeshTrafficPermissionSpec>> MERGE_ORDER =
      Comparator.<Resource<MeshTrafficPermissionSpec>>comparingInt(
              p -> p.spec().targetRef().kind().ordinal())
          .thenComparing(Resource::name);

  private MeshTrafficPermissionRules() {}

  /** The permissions that select an inbound with these tags, in merge order. */
  public static List<Resource<MeshTrafficPermissionSpec>> applying(
      List<Resource<MeshTrafficPermissionSpec>> permissions, Map<String, String> inboundTags) {
    return permissions.stream()
        .filter(p -> selects(p.spec().targetRef(), inboundTags))
        .sorted(MERGE_ORDER)
        .toList();
  }

  /**
   * Whether a top-level targetRef selects a sidecar inbound (spec/core.md §4.1): Mesh always,
   * MeshSubset by its tags, MeshService by the service, MeshServiceSubset by both; MeshGatewayRoute
   * never (it names gateway routes).
   */
  static boolean selects(TargetRef ref, Map<String, String> inboundTags) {
    if (ref == null || ref.kind() == null) {
      return false;
    }
    String service = inboundTags.getOrDefault(TagRules.SERVICE, "");
    return switch (ref.kind()) {
      case Mesh -> true;
      case MeshSubset -> Selector.of(ref.tags()).matches(inboundTags);
      case MeshService -> ref.name().equals(service);
      case MeshServiceSubset ->
          ref.name().equals(service) && Selector.of(ref.tags()).matches(inboundTags);
      case MeshGatewayRoute -> false;
    };
  }

  /**
   * The rules of the applicable permissions, in merge order.
   *
   * @throws IllegalArgumentException when a group of intersecting items has more than {@link
   *     #MAX_TAGS_PER_GROUP} distinct tags
   */
  public static AuthorizationPlan of(
      List<Resource<MeshTrafficPermissionSpec>> applying, MeshMtls mtls) {
    List<Item> items = new ArrayList<>();
    for (Resource<MeshTrafficPermissionSpec> permission : applying) {
      for (MeshTrafficPermissionSpec.From from : permission.spec().from()) {
        if (from == null || from.defaultConf() == null || from.defaultConf().action() == null) {
          continue;
        }
        Map<String, String> subset = subset(from.targetRef());
        if (subset != null) {
          items.add(new Item(permission.name(), subset, action(from.defaultConf().action())));
        }
      }
    }
    List<Candidate> rules = new ArrayList<>();
    for (List<Item> group : groups(items)) {
      Set<Tag> tags = new TreeSet<>();
      group.forEach(i -> i.subset().forEach((k, v) -> tags.add(new Tag(k, v, false))));
      if (tags.size() > MAX_TAGS_PER_GROUP) {
        throw new IllegalArgumentException(
            "MeshTrafficPermission from items name "
                + tags.size()
                + " distinct tags together, at most "
                + MAX_TAGS_PER_GROUP
                + " are supported");
      }
      for (List<Tag> candidate : candidates(List.copyOf(tags))) {
        Item decisive = null;
        for (Item item : group) {
          if (item.covers(candidate)) {
            decisive = item;
          }
        }
        if (decisive != null) {
          rules.add(new Candidate(candidate, decisive));
        }
      }
    }
    rules.sort(
        Comparator.comparingInt((Candidate c) -> -c.requiredCount())
            .thenComparing(c -> c.tags().toString()));
    return new AuthorizationPlan(
        rules.stream()
            .map(
                c ->
                    new AuthorizationPlan.Rule(
                        c.item().policy(), principal(c.tags(), mtls), c.item().action()))
            .toList());
  }

  /** The principal of a candidate subset. */
  static Principal principal(List<Tag> tags, MeshMtls mtls) {
    List<String> required = new ArrayList<>();
    List<Principal> not = new ArrayList<>();
    for (Tag tag : tags) {
      String uri = TrafficPermissionRules.uri(mtls, tag.key(), tag.value());
      if (tag.isNegated()) {
        not.add(Principal.withUris(List.of(uri)));
      } else {
        required.add(uri);
      }
    }
    return new Principal(required, required.isEmpty(), not);
  }

  /** The tags of a {@code from} targetRef; null when it cannot match anyone (two services). */
  private static Map<String, String> subset(TargetRef ref) {
    if (ref == null || ref.kind() == null) {
      return null;
    }
    Map<String, String> subset = new TreeMap<>();
    switch (ref.kind()) {
      case Mesh -> {}
      case MeshSubset -> subset.putAll(ref.tags());
      case MeshService -> subset.put(TagRules.SERVICE, ref.name());
      case MeshServiceSubset -> {
        subset.putAll(ref.tags());
        String service = subset.put(TagRules.SERVICE, ref.name());
        if (service != null && !service.equals(ref.name()) && !service.equals(Selector.WILDCARD)) {
          return null;
        }
      }
      case MeshGatewayRoute -> {
        return null;
      }
    }
    subset.values().removeIf(Selector.WILDCARD::equals);
    return subset;
  }

  /** Items in groups of intersecting subsets, each group in item order, groups by first item. */
  private static List<List<Item>> groups(List<Item> items) {
    int[] parent = new int[items.size()];
    for (int i = 0; i < parent.length; i++) {
      parent[i] = i;
    }
    for (int i = 0; i < items.size(); i++) {
      for (int j = i + 1; j < items.size(); j++) {
        if (intersect(items.get(i).subset(), items.get(j).subset())) {
          parent[root(parent, j)] = root(parent, i);
        }
      }
    }
    Map<Integer, List<Item>> byRoot = new TreeMap<>();
    for (int i = 0; i < items.size(); i++) {
      byRoot.computeIfAbsent(root(parent, i), r -> new ArrayList<>()).add(items.get(i));
    }
    return List.copyOf(byRoot.values());
  }

  private static int root(int[] parent, int i) {
    while (parent[i] != i) {
      i = parent[i];
    }
    return i;
  }

  /** Two subsets of required tags intersect unless they require different values of a key. */
  private static boolean intersect(Map<String, String> a, Map<String, String> b) {
    for (Map.Entry<String, String> tag : a.entrySet()) {
      String other = b.get(tag.getKey());
      if (other != null && !other.equals(tag.getValue())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Every combination of the tags, each required or negated, simplified: per key, one required
   * value keeps only it, none keeps the negations, several make the combination empty (skipped).
   * Each distinct result once, in generation order.
   */
  static List<List<Tag>> candidates(List<Tag> tags) {
    Set<List<Tag>> out = new LinkedHashSet<>();
    int n = tags.size();
    for (long mask = (1L << n) - 1; mask >= 0; mask--) {
      Map<String, List<Tag>> byKey = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        Tag tag = tags.get(i);
        boolean required = (mask & (1L << (n - 1 - i))) != 0;
        byKey
            .computeIfAbsent(tag.key(), k -> new ArrayList<>())
            .add(new Tag(tag.key(), tag.value(), !required));
      }
      List<Tag> simplified = new ArrayList<>();
      boolean isEmpty = false;
      for (List<Tag> sameKey : byKey.values()) {
        List<Tag> required = sameKey.stream().filter(t -> !t.isNegated()).toList();
        if (required.size() > 1) {
          isEmpty = true;
          break;
        }
        simplified.addAll(required.isEmpty() ? sameKey : required);
      }
      if (!isEmpty) {
        out.add(List.copyOf(simplified));
      }
    }
    return List.copyOf(out);
  }

  private static Action action(MeshTrafficPermissionSpec.Action action) {
    return switch (action) {
      case ALLOW -> Action.ALLOW;
      case DENY -> Action.DENY;
      case ALLOW_WITH_SHADOW_DENY -> Action.ALLOW_WITH_SHADOW_DENY;
    };
  }

  /**
   * A tag of a subset, required or negated.
   *
   * @param key the tag name
   * @param value the value
   * @param isNegated whether the subset excludes it
   */
  record Tag(String key, String value, boolean isNegated) implements Comparable<Tag> {
    private static final Comparator<Tag> ORDER =
        Comparator.comparing(Tag::key).thenComparing(Tag::value).thenComparing(Tag::isNegated);

    @Override
    public int compareTo(Tag other) {
      return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
      return key + (isNegated ? "!=" : "=") + value;
    }
  }

  /** A {@code from} item: its permission, required tags and action. */
  private record Item(String policy, Map<String, String> subset, Action action) {
    /** Whether a candidate lies in this item's subset: it requires every tag of it. */
    boolean covers(List<Tag> candidate) {
      for (Map.Entry<String, String> tag : subset.entrySet()) {
        if (!candidate.contains(new Tag(tag.getKey(), tag.getValue(), false))) {
          return false;
        }
      }
      return true;
    }
  }

  /** A candidate subset and the item that decides its action. */
  private record Candidate(List<Tag> tags, Item item) {
    int requiredCount() {
      return (int) tags.stream().filter(t -> !t.isNegated()).count();
    }
  }
}
