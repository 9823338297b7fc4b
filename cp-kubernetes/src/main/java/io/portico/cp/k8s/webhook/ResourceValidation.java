package io.portico.cp.k8s.webhook;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.validation.Violation;
import java.util.List;

/**
 * The Universal validation of a resource with access to the store: in production {@code
 * ResourceManager::validate} (cp-store), which also checks names and meshes against the Universal
 * charset. The webhook drops the {@code name} violations (Kubernetes names follow Kubernetes'
 * rules, spec/kubernetes.md §2.3) and checks the mesh itself first (§7.3 step 6).
 */
@FunctionalInterface
public interface ResourceValidation {
  /**
   * Every violation of the resource, empty when valid.
   *
   * @throws RuntimeException when validation could not run (the store is unreachable); the webhook
   *     denies the request with its message (§7.3 step 7)
   */
  List<Violation> validate(Resource<?> resource);
}
