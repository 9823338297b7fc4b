package io.portico.mesh.api.policy.targetref;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.policy.targetref.TargetRef.Kind;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * Validates a MeshTrafficPermission (spec/core.md §4.3): a top-level targetRef of any kind, at
 * least one {@code from} item whose targetRef is Mesh, MeshSubset, MeshService or
 * MeshServiceSubset, and a {@code default.action} on every item.
 */
public final class MeshTrafficPermissionValidator implements Validator<MeshTrafficPermissionSpec> {
  static final Set<Kind> TOP_KINDS = EnumSet.allOf(Kind.class);
  static final Set<Kind> FROM_KINDS =
      EnumSet.of(Kind.Mesh, Kind.MeshSubset, Kind.MeshService, Kind.MeshServiceSubset);

  @Override
  public void validate(MeshTrafficPermissionSpec spec, Errors errors) {
    Path root = Path.of("spec");
    TargetRef.validate(root.field("targetRef"), spec.targetRef(), TOP_KINDS, errors);
    if (spec.from().isEmpty()) {
      errors.add(root.field("from"), "needs at least one item");
    }
    for (int i = 0; i < spec.from().size(); i++) {
      Path at = root.field("from").index(i);
      MeshTrafficPermissionSpec.From item = spec.from().get(i);
      TargetRef.validate(
          at.field("targetRef"), item == null ? null : item.targetRef(), FROM_KINDS, errors);
      Path conf = at.field("default");
      if (item == null || item.defaultConf() == null) {
        errors.add(conf, "must be defined");
      } else if (item.defaultConf().action() == null) {
        errors.add(conf.field("action"), "must be defined");
      }
    }
  }
}
