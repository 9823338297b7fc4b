package io.portico.mesh.api.policy;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;

/** Validates a ProxyTemplate spec. */
public final class ProxyTemplateValidator implements Validator<ProxyTemplateSpec> {
  @Override
  public void validate(ProxyTemplateSpec spec, Errors errors) {}
}
