package io.portico.cp.ca;

import io.portico.cp.store.manager.ResourceHook;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.mesh.MeshSpec;
import io.portico.mesh.api.mesh.MeshSpec.CertificateAuthorityBackend;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;
import java.util.List;
import java.util.Optional;

/**
 * Ensures a Mesh's CAs before it is stored (spec/core.md §1.4): every {@code provided} backend's
 * certificate and key are checked (a violation per problem refuses the write), then every {@code
 * builtin} backend gets its secrets if they are missing. Runs on any instance, leader or not, on
 * the writing thread; idempotent, never overwrites a secret.
 *
 * <p>The secrets are written before the Mesh: if storing the Mesh then fails, they stay and a later
 * Mesh of the same name adopts them, as in Kuma. Deleting a Mesh deletes its secrets with every
 * other resource of the mesh (the store's cascade).
 */
public final class MeshCaHook implements ResourceHook {
  private final MeshCas cas;

  public MeshCaHook(MeshCas cas) {
    this.cas = cas;
  }

  @Override
  public void validate(Resource<?> next, Optional<Resource<?>> previous, Errors errors) {
    if (!next.type().name().equals(ResourceTypes.MESH.name())
        || !(next.spec() instanceof MeshSpec spec)
        || spec.mtls() == null
        || !errors.isEmpty()) {
      return;
    }
    List<CertificateAuthorityBackend> backends = spec.mtls().backends();
    Path backendsPath = Path.of("mtls.backends");
    for (int i = 0; i < backends.size(); i++) {
      CertificateAuthorityBackend backend = backends.get(i);
      if (backend != null && backend.type().equals(MeshCas.PROVIDED)) {
        cas.validateProvided(next.name(), backend, backendsPath.index(i).field("conf"), errors);
      }
    }
  }

  @Override
  public void beforeWrite(Resource<?> next, Optional<Resource<?>> previous, Errors errors) {
    validate(next, previous, errors);
    if (!errors.isEmpty()
        || !(next.spec() instanceof MeshSpec spec)
        || spec.mtls() == null
        || !next.type().name().equals(ResourceTypes.MESH.name())) {
      return;
    }
    List<CertificateAuthorityBackend> backends = spec.mtls().backends();
    Path backendsPath = Path.of("mtls.backends");
    for (int i = 0; i < backends.size(); i++) {
      CertificateAuthorityBackend backend = backends.get(i);
      if (backend != null && backend.type().equals(MeshCas.BUILTIN)) {
        cas.ensureBuiltin(next.name(), backend, backendsPath.index(i), errors);
      }
    }
  }
}
