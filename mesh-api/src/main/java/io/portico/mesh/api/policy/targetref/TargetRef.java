package io.portico.mesh.api.policy.targetref;

import io.portico.mesh.api.SpecValues;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;
import io.portico.mesh.api.validation.TagRules;
import java.util.Map;
import java.util.Set;

/**
 * What a targetRef policy, or one of its {@code to}/{@code from} items, points at (spec/core.md
 * §4.1).
 *
 * @param kind what kind of thing is selected
 * @param name the service or route name (MeshService, MeshServiceSubset, MeshGatewayRoute)
 * @param tags the tag subset (MeshSubset, MeshServiceSubset, MeshGatewayRoute)
 * @param mesh reserved; must not be set
 */
public record TargetRef(Kind kind, String name, Map<String, String> tags, String mesh) {
  static final String MUST_BE_SET = "must be set";
  static final String NOT_SUPPORTED = "value is not supported";

  public TargetRef {
    name = SpecValues.text(name);
    tags = SpecValues.tags(tags);
    mesh = SpecValues.text(mesh);
  }

  /** Kinds of targets, in increasing priority when policies are merged (spec/core.md §4.2). */
  public enum Kind {
    /** Every proxy or client of the mesh. */
    Mesh,
    /** Proxies whose inbound or gateway listener tags match {@code tags}. */
    MeshSubset,
    /** The service {@code name}. */
    MeshService,
    /** The service {@code name} narrowed by {@code tags}. */
    MeshServiceSubset,
    /** The MeshGatewayRoute {@code name}. */
    MeshGatewayRoute
  }

  /**
   * Reports at {@code path} a missing target, a missing kind ({@code kind: must be set}), a kind
   * not in {@code allowed} ({@code kind: value is not supported}) and fields the kind forbids or
   * requires (spec/core.md §4.1).
   */
  public static void validate(Path path, TargetRef ref, Set<Kind> allowed, Errors errors) {
    if (ref == null) {
      errors.add(path, MUST_BE_SET);
      return;
    }
    if (ref.kind() == null) {
      errors.add(path.field("kind"), MUST_BE_SET);
      return;
    }
    if (!allowed.contains(ref.kind())) {
      errors.add(path.field("kind"), NOT_SUPPORTED);
      return;
    }
    Kind kind = ref.kind();
    switch (kind) {
      case Mesh -> {
        if (!ref.name().isEmpty()) {
          errors.add(path.field("name"), "using name with kind Mesh is not yet supported");
        }
        forbidden(path, "tags", !ref.tags().isEmpty(), kind, errors);
      }
      case MeshSubset -> forbidden(path, "name", !ref.name().isEmpty(), kind, errors);
      case MeshService -> {
        required(path, "name", ref.name(), kind, errors);
        forbidden(path, "tags", !ref.tags().isEmpty(), kind, errors);
      }
      case MeshServiceSubset, MeshGatewayRoute -> required(path, "name", ref.name(), kind, errors);
    }
    forbidden(path, "mesh", !ref.mesh().isEmpty(), kind, errors);
    if (!ref.tags().isEmpty() && kind != Kind.Mesh && kind != Kind.MeshService) {
      TagRules.validateSelector(path.field("tags"), ref.tags(), false, errors);
    }
  }

  private static void forbidden(Path path, String field, boolean isSet, Kind kind, Errors errors) {
    if (isSet) {
      errors.add(path.field(field), "cannot be set with kind " + kind);
    }
  }

  private static void required(Path path, String field, String value, Kind kind, Errors errors) {
    if (value.isEmpty()) {
      errors.add(path.field(field), "must be set with kind " + kind);
    }
  }
}
