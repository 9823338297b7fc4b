package io.portico.mesh.api;

import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Violation;
import java.util.List;

/** Parses a resource from YAML and validates it with its type's validator, for case tables. */
public final class ValidationCases {
  public static final ResourceCodec CODEC = ResourceCodec.standard();

  private ValidationCases() {}

  /** The violations of the resource in {@code yaml}, validated without context. */
  public static List<Violation> violationsOf(String yaml) {
    Resource<?> resource = CODEC.readResource(yaml);
    return violationsOf(resource);
  }

  public static <S extends ResourceSpec> List<Violation> violationsOf(Resource<S> resource) {
    return resource.type().validator().violations(resource.spec());
  }

  /** The violations of the resource in {@code yaml}, validated with {@code context}. */
  public static List<Violation> violationsOf(String yaml, ValidationContext context) {
    return withContext(CODEC.readResource(yaml), context);
  }

  private static <S extends ResourceSpec> List<Violation> withContext(
      Resource<S> resource, ValidationContext context) {
    Validator<S> validator = resource.type().validator();
    Errors errors = new Errors();
    validator.validate(resource.spec(), resource.meta(), context, errors);
    return errors.violations();
  }

  public static Violation v(String field, String message) {
    return new Violation(field, message);
  }
}
