package io.portico.cp.api;

import io.javalin.http.HttpResponseException;
import io.portico.cp.auth.AccessDeniedException;
import io.portico.cp.auth.InvalidTokenException;
import io.portico.cp.auth.SigningKeyNotFoundException;
import io.portico.cp.store.ResourceAlreadyExistsException;
import io.portico.cp.store.ResourceConflictException;
import io.portico.cp.store.ResourceNotFoundException;
import io.portico.cp.store.UnreadableResourceException;
import io.portico.cp.store.manager.MeshNotFoundException;
import io.portico.mesh.api.validation.ValidationException;
import io.portico.mesh.api.validation.Violation;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns a failure into an API answer (spec/core.md §5.5). Unknown failures are
 * logged with their stack trace and answered 500 without any detail.
 */
final class ApiFailures {
  static final String NOT_FOUND = "Not found";
  static final String NOT_VALID = "Resource is not valid";
  static final String MESH_NOT_FOUND = "Mesh is not found";
  static final String ACCESS_DENIED = "Access Denied";
  static final String INVALID_AUTHENTICATION = "Invalid authentication data";
  static final String SIGNING_KEY_NOT_FOUND = "Signing Key not found";
  static final String INTERNAL = "Internal Server Error";
  private static final Logger log = LoggerFactory.getLogger(ApiFailures.class);

  private ApiFailures() {}

  /**
   * The answer to a failure of an operation.
   *
   * @param failure what went wrong
   * @param title the operation's title ("Could not create a resource", ...)
   * @param request method and path, for the log of unexpected failures
   */
  static ApiException map(Throwable failure, String title, String request) {
    if (failure instanceof ApiException api) {
      return api;
    }
    if (failure instanceof InvalidTokenException e) {
      return new ApiException(401, INVALID_AUTHENTICATION, e.getMessage());
    }
    if (failure instanceof AccessDeniedException e) {
      return new ApiException(403, ACCESS_DENIED, e.getMessage());
    }
    if (failure instanceof SigningKeyNotFoundException e) {
      return new ApiException(404, SIGNING_KEY_NOT_FOUND, e.getMessage());
    }
    if (failure instanceof ValidationException e) {
      return new ApiException(400, title, NOT_VALID, e.violations());
    }
    if (failure instanceof MeshNotFoundException e) {
      return new ApiException(
          400,
          title,
          MESH_NOT_FOUND,
          List.of(new Violation("mesh", "mesh of name " + e.mesh() + " is not found")));
    }
    if (failure instanceof UnreadableResourceException e) {
      return new ApiException(
          409,
          title,
          "The stored resource cannot be read: "
              + e.reason()
              + ". Replace it with PUT or remove it with DELETE");
    }
    if (failure instanceof ResourceNotFoundException) {
      return new ApiException(404, title, NOT_FOUND);
    }
    if (failure instanceof ResourceConflictException) {
      return new ApiException(
          409, title, "Conflict: the resource was changed concurrently, retry the request");
    }
    if (failure instanceof ResourceAlreadyExistsException) {
      return new ApiException(409, title, "Conflict: the resource already exists");
    }
    if (failure instanceof HttpResponseException e && e.getStatus() < 500) {
      return new ApiException(e.getStatus(), title, e.getMessage());
    }
    log.error("request failed request=\"{}\"", request, failure);
    return new ApiException(500, title, INTERNAL);
  }
}
