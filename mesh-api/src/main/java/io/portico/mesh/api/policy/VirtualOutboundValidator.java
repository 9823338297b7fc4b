package io.portico.mesh.api.policy;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;

/** Validates a VirtualOutbound spec. */
public final class VirtualOutboundValidator implements Validator<VirtualOutboundSpec> {
  @Override
  public void validate(VirtualOutboundSpec spec, Errors errors) {}
}
