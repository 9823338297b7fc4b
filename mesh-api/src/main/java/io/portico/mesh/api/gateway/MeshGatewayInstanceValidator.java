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
  }

  private static void checkObject(Path path, JsonNode node, Errors errors) {
    if (node != null && !node.isObject()) {
      errors.add(path, "must be an object");
    }
  }
}
