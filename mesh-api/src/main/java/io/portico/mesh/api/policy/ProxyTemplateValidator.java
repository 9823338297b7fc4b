package io.portico.mesh.api.policy;

import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Validator;

/** Validates a ProxyTemplate spec. */
public final class ProxyTemplateValidator implements Validator<ProxyTemplateSpec> {
  @Override
  public void validate(ProxyTemplateSpec spec, Errors errors) {}
}
