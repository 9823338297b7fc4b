package io.portico.cp.dpserver;

import io.portico.cp.auth.InvalidTokenException;
import io.portico.cp.dptoken.DataplaneTokenClaims;
import io.portico.cp.store.manager.MeshNotFoundException;
import io.portico.cp.store.manager.ResourceManager;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.insight.DataplaneInsightSpec;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.NameRules;
import io.portico.mesh.api.validation.ValidationException;
import io.portico.mesh.api.validation.Violation;
import io.portico.proxy.api.v1.Hello;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides whether a proxy may be the dataplane its Hello names (spec/core.md §6.1, §6.7, §6.8), in
 * two steps.
 *
 * <p>{@link #accept} (on the stream's callback thread): one {@code authorization} value must be
 * present (an optional {@code Bearer } prefix is dropped); the Hello's mesh and name must be valid
 * names and the proxy type {@code dataplane}; the mesh must exist; the token must verify against
 * the mesh's signing keys; in direct mode the Dataplane text must parse, be a Dataplane of that
 * mesh and name, pass the same validation as the API, and be allowed by the token.
 *
 * <p>{@link #register} (on the sync thread, so that it is ordered with deregistrations): direct
 * mode upserts the Dataplane, but overwrites an existing one only if the token also allows that
 * one; indirect mode loads the pre-created Dataplane and checks the token against it.
 */
final class StreamHandshake {
  static final String BEARER = "bearer ";

  private final ResourceManager manager;
  private final ResourceCodec codec;
  private final ProxyAuthenticator authenticator;

  StreamHandshake(ResourceManager manager, ResourceCodec codec, ProxyAuthenticator authenticator) {
    this.manager = manager;
    this.codec = codec;
    this.authenticator = authenticator;
  }

  /**
   * Authenticates a Hello.
   *
   * @param authorization every {@code authorization} metadata value of the stream
   * @throws StreamRefusal saying why the proxy is refused
   */
  Registration accept(Hello hello, List<String> authorization) {
    String token = token(authorization);
    Errors errors = new Errors();
    NameRules.validate(manager.names(), "mesh", hello.getMesh(), false, errors);
    NameRules.validate(manager.names(), "name", hello.getName(), true, errors);
    String proxyType = hello.getProxyType().trim().toLowerCase(Locale.ROOT);
    if (!proxyType.isEmpty() && !proxyType.equals("dataplane")) {
      errors.add(
          "proxyType", "\"" + hello.getProxyType() + "\" is not supported yet: expected dataplane");
    }
    throwInvalid(errors.violations());
    String mesh = hello.getMesh();
    String name = hello.getName();
    if (manager.get(ResourceTypes.MESH, "", mesh).isEmpty()) {
      throw StreamRefusal.failedPrecondition("mesh " + mesh + " does not exist");
    }
    DataplaneTokenClaims claims;
    try {
      claims = authenticator.authenticate(token, mesh, name);
    } catch (InvalidTokenException e) {
      throw StreamRefusal.unauthenticated(e.getMessage());
    }
    Resource<DataplaneSpec> dataplane = null;
    if (!hello.getDataplane().isBlank()) {
      dataplane = parse(hello.getDataplane(), mesh, name);
      Optional<String> denial = claims.denial(mesh, name, dataplane.spec());
      if (denial.isPresent()) {
        throw StreamRefusal.permissionDenied(denial.get());
      }
    }
    return new Registration(mesh, name, dataplane, claims, build(hello));
  }

  /**
   * Registers (direct) or loads (indirect) the dataplane.
   *
   * @return the stored Dataplane
   * @throws StreamRefusal when the token does not allow the stored dataplane, it does not exist
   *     (indirect), or it cannot be written
   */
  Resource<DataplaneSpec> register(Registration registration) {
    String mesh = registration.mesh();
    String name = registration.name();
    Optional<Resource<DataplaneSpec>> existing = manager.get(ResourceTypes.DATAPLANE, mesh, name);
    if (!registration.isDirect()) {
      Resource<DataplaneSpec> stored =
          existing.orElseThrow(
              () ->
                  StreamRefusal.notFound(
                      "dataplane "
                          + registration.key()
                          + " not found: create it first or pass --dataplane-file"));
      registration
          .claims()
          .denial(mesh, name, stored.spec())
          .ifPresent(
              denial -> {
                throw StreamRefusal.permissionDenied(denial);
              });
      return stored;
    }
    if (existing.isPresent()) {
      Optional<String> denial = registration.claims().denial(mesh, name, existing.get().spec());
      if (denial.isPresent()) {
        throw StreamRefusal.permissionDenied(
            "dataplane "
                + registration.key()
                + " already exists and the token does not allow it: "
                + denial.get());
      }
      if (existing.get().spec().equals(registration.dataplane().spec())) {
        return existing.get();
      }
    }
    try {
      return manager.upsert(registration.dataplane()).resource().as(ResourceTypes.DATAPLANE);
    } catch (ValidationException e) {
      throw StreamRefusal.invalidArgument(lines(e.violations()));
    } catch (MeshNotFoundException e) {
      throw StreamRefusal.failedPrecondition("mesh " + mesh + " does not exist");
    }
  }

  private static String token(List<String> authorization) {
    if (authorization.size() > 1) {
      throw StreamRefusal.unauthenticated(
          "expected one authorization metadata value but got " + authorization.size());
    }
    String token = authorization.isEmpty() ? "" : authorization.get(0).trim();
    if (token.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
      token = token.substring(BEARER.length()).trim();
    }
    return token;
  }

  private Resource<DataplaneSpec> parse(String text, String mesh, String name) {
    Resource<?> parsed;
    try {
      parsed = codec.readResource(text);
    } catch (ValidationException e) {
      throw StreamRefusal.invalidArgument(lines(e.violations()));
    }
    Errors errors = new Errors();
    if (!parsed.type().name().equals(ResourceTypes.DATAPLANE.name())) {
      errors.add("type", "expected Dataplane but got " + parsed.type().name());
      throwInvalid(errors.violations());
    }
    if (!parsed.mesh().equals(mesh)) {
      errors.add(
          "mesh", "the Dataplane is in mesh " + parsed.mesh() + " but the proxy said mesh " + mesh);
    }
    if (!parsed.name().equals(name)) {
      errors.add(
          "name", "the Dataplane is named " + parsed.name() + " but the proxy said name " + name);
    }
    throwInvalid(errors.violations());
    Resource<DataplaneSpec> dataplane = parsed.as(ResourceTypes.DATAPLANE);
    throwInvalid(manager.validate(dataplane));
    return dataplane;
  }

  private static void throwInvalid(List<Violation> violations) {
    if (!violations.isEmpty()) {
      throw StreamRefusal.invalidArgument(lines(violations));
    }
  }

  /** One {@code field: message} per line. */
  static String lines(List<Violation> violations) {
    return violations.stream().map(Violation::toString).collect(Collectors.joining("\n"));
  }

  private static DataplaneInsightSpec.PorticoDp build(Hello hello) {
    return new DataplaneInsightSpec.PorticoDp(
        hello.getBuild().getVersion(),
        hello.getBuild().getGitCommit(),
        hello.getBuild().getBuildDate());
  }
}
