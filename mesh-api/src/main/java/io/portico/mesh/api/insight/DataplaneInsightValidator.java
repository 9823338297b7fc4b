package io.portico.mesh.api.insight;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;

/**
 * Accepts every DataplaneInsight spec: only the control plane writes insights (the API refuses them
 * as a read-only type, spec/core.md §5.3), so there is no user input to check.
 */
public final class DataplaneInsightValidator implements Validator<DataplaneInsightSpec> {
  @Override
  public void validate(DataplaneInsightSpec spec, Errors errors) {}
}
