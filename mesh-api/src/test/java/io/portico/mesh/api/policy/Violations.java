package io.portico.mesh.api.policy;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.ResourceType;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.validation.Violation;
import java.util.List;

/** Parses a resource in Universal form and runs its type's validator, for validator tables. */
public final class Violations {
  public static final ResourceCodec CODEC = ResourceCodec.standard();

  private Violations() {}

  /** Every violation the validator of the resource's type finds in {@code yaml}. */
  public static List<Violation> of(String yaml) {
    return of(CODEC.readResource(yaml));
  }

  public static <S extends ResourceSpec> List<Violation> of(Resource<S> resource) {
    ResourceType<S> type = resource.type();
    return type.validator().violations(resource.spec());
  }

  /** Shorthand for an expected violation. */
  public static Violation v(String field, String message) {
    return new Violation(field, message);
  }
}
