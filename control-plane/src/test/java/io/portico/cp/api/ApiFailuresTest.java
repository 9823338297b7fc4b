package io.portico.cp.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.cp.auth.AccessDeniedException;
import io.portico.cp.auth.InvalidTokenException;
import io.portico.cp.auth.SigningKeyNotFoundException;
import io.portico.cp.store.ResourceAlreadyExistsException;
import io.portico.cp.store.ResourceConflictException;
import io.portico.cp.store.ResourceNotFoundException;
import io.portico.cp.store.StoreException;
import io.portico.cp.store.manager.MeshNotFoundException;
import io.portico.mesh.api.ResourceKey;
import io.portico.mesh.api.validation.ValidationException;
import io.portico.mesh.api.validation.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The failure → answer table of spec/core.md §5.5. */
class ApiFailuresTest {
  static final String TITLE = "Could not update a resource";
  static final ResourceKey KEY = new ResourceKey("Mesh", "", "m");

  static ApiException map(Throwable t) {
    return ApiFailures.map(t, TITLE, "PUT /meshes/m");
  }

  @Test
  void validationIs400WithEveryViolation() {
    ApiException e =
        map(
            new ValidationException(
                List.of(new Violation("a", "bad"), new Violation("b[0].c", "worse"))));
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.title()).isEqualTo(TITLE);
    assertThat(e.details()).isEqualTo("Resource is not valid");
    assertThat(e.causes()).hasSize(2);
  }

  @Test
  void missingMeshIs400WithCauseMesh() {
    ApiException e = map(new MeshNotFoundException("ghost"));
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.details()).isEqualTo("Mesh is not found");
    assertThat(e.causes())
        .containsExactly(new Violation("mesh", "mesh of name ghost is not found"));
  }

  @Test
  void notFoundIs404() {
    ApiException e = map(new ResourceNotFoundException(KEY, "gone"));
    assertThat(e.status()).isEqualTo(404);
    assertThat(e.details()).isEqualTo("Not found");
  }

  @Test
  void staleVersionIs409Conflict() {
    assertThat(map(new ResourceConflictException(KEY, "stale")).status()).isEqualTo(409);
    assertThat(map(new ResourceAlreadyExistsException(KEY, "exists")).status()).isEqualTo(409);
  }

  @Test
  void accessDeniedIs403() {
    ApiException e = map(new AccessDeniedException("user x cannot"));
    assertThat(e.status()).isEqualTo(403);
    assertThat(e.title()).isEqualTo("Access Denied");
    assertThat(e.details()).isEqualTo("user x cannot");
  }

  @Test
  void invalidTokenIs401() {
    ApiException e = map(new InvalidTokenException("expired"));
    assertThat(e.status()).isEqualTo(401);
    assertThat(e.title()).isEqualTo("Invalid authentication data");
  }

  @Test
  void missingSigningKeyIs404SigningKeyNotFound() {
    ApiException e = map(new SigningKeyNotFoundException("none"));
    assertThat(e.status()).isEqualTo(404);
    assertThat(e.title()).isEqualTo("Signing Key not found");
  }

  @Test
  void anythingElseIs500WithoutDetail() {
    ApiException e = map(new IllegalStateException("secret internals at line 42"));
    assertThat(e.status()).isEqualTo(500);
    assertThat(e.details()).isEqualTo("Internal Server Error");
    assertThat(e.causes()).isEmpty();
    assertThat(map(new StoreException("db down")).details()).isEqualTo("Internal Server Error");
  }
}
