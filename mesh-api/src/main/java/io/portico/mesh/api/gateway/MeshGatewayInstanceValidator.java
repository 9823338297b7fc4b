package io.portico.mesh.api.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;
import io.portico.mesh.api.validation.TagRules;

/**
 * Validates a MeshGatewayInstance spec (spec/gateway.md §1.5): at least one replica, tags with the
 * dataplane tag rules and {@code kuma.io/service}, and Kubernetes objects where objects are
 * expected.
 */
public final class MeshGatewayInstanceValidator implements Validator<MeshGatewayInstanceSpec> {
  @Override
  public void validate(MeshGatewayInstanceSpec spec, Errors errors) {
    if (spec.replicas() < 1) {
      errors.add("replicas", "must be greater than or equal to 1");
    }
    TagRules.validateTags(Path.of("tags"), spec.tags(), true, errors);
    checkObject(Path.of("resources"), spec.resources(), errors);
    checkObject(Path.of("serviceTemplate"), spec.serviceTemplate(), errors);
    JsonNode podTemplate = spec.podTemplate();
    checkObject(Path.of("podTemplate"), podTemplate, errors);
    if (podTemplate != null && podTemplate.isObject()) {
      checkPodTemplate(Path.of("podTemplate"), podTemplate, errors);
    }
  }

  /**
   * The fields Kuma 2.2's {@code podTemplate} has, with their types; anything else is refused
   * rather than silently dropped.
   */
  private static void checkPodTemplate(Path path, JsonNode template, Errors errors) {
    fields(path, template, errors, "metadata", "spec");
    JsonNode metadata = template.path("metadata");
    if (present(metadata) && object(path.field("metadata"), metadata, errors)) {
      fields(path.field("metadata"), metadata, errors, "labels", "annotations");
      for (String map : new String[] {"labels", "annotations"}) {
        JsonNode values = metadata.path(map);
        Path at = path.field("metadata").field(map);
        if (present(values) && object(at, values, errors)) {
          values
              .properties()
              .forEach(
                  e -> {
                    if (!e.getValue().isTextual()) {
                      errors.add(at.key(e.getKey()), "must be a string");
                    }
                  });
        }
      }
    }
    JsonNode podSpec = template.path("spec");
    Path specPath = path.field("spec");
    if (!present(podSpec) || !object(specPath, podSpec, errors)) {
      return;
    }
    fields(specPath, podSpec, errors, "serviceAccountName", "securityContext", "container");
    JsonNode account = podSpec.path("serviceAccountName");
    if (present(account) && !account.isTextual()) {
      errors.add(specPath.field("serviceAccountName"), "must be a string");
    }
    JsonNode security = podSpec.path("securityContext");
    Path securityPath = specPath.field("securityContext");
    if (present(security) && object(securityPath, security, errors)) {
      fields(securityPath, security, errors, "fsGroup");
      JsonNode fsGroup = security.path("fsGroup");
      if (present(fsGroup) && !(fsGroup.canConvertToLong() && fsGroup.asLong() >= 0)) {
        errors.add(securityPath.field("fsGroup"), "must be a group id (an integer >= 0)");
      }
    }
    JsonNode container = podSpec.path("container");
    Path containerPath = specPath.field("container");
    if (present(container) && object(containerPath, container, errors)) {
      fields(containerPath, container, errors, "securityContext");
      JsonNode containerSecurity = container.path("securityContext");
      Path at = containerPath.field("securityContext");
      if (present(containerSecurity) && object(at, containerSecurity, errors)) {
        fields(at, containerSecurity, errors, "readOnlyRootFilesystem");
        JsonNode readOnly = containerSecurity.path("readOnlyRootFilesystem");
        if (present(readOnly) && !readOnly.isBoolean()) {
          errors.add(at.field("readOnlyRootFilesystem"), "must be true or false");
        }
      }
    }
  }

  private static boolean present(JsonNode node) {
    return !node.isMissingNode() && !node.isNull();
  }

  private static boolean object(Path path, JsonNode node, Errors errors) {
    if (!node.isObject()) {
      errors.add(path, "must be an object");
      return false;
    }
    return true;
  }

  private static void fields(Path path, JsonNode node, Errors errors, String... known) {
    java.util.List<String> names = java.util.List.of(known);
    node.fieldNames()
        .forEachRemaining(
            name -> {
              if (!names.contains(name)) {
                errors.add(
                    path.field(name), "unknown field: expected one of " + String.join(", ", names));
              }
            });
  }

  private static void checkObject(Path path, JsonNode node, Errors errors) {
    if (node != null && !node.isObject()) {
      errors.add(path, "must be an object");
    }
  }
}
