package io.portico.cp.ca;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.cp.compiler.MeshSnapshot.ResolvedData;
import io.portico.cp.pem.Pem;
import io.portico.cp.secret.DataSourceResolver;
import io.portico.cp.secret.SecretData;
import io.portico.cp.store.ResourceAlreadyExistsException;
import io.portico.cp.store.ResourceStore;
import io.portico.mesh.api.DataSource;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.ResourceType;
import io.portico.mesh.api.mesh.MeshSpec;
import io.portico.mesh.api.mesh.MeshSpec.CertificateAuthorityBackend;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate authorities of meshes (spec/core.md §1.2): creates the secrets of {@code builtin}
 * backends, checks {@code provided} ones, and reads either kind back, as trust (the CA certificate)
 * or as signing material ({@link MeshCa}).
 *
 * <p>A builtin backend {@code b} of mesh {@code m} lives in the Secrets {@code m.ca-builtin-cert-b}
 * and {@code m.ca-builtin-key-b} (PEM, base64 {@code data}). They are written straight to the
 * store, so that they exist before the Mesh is stored (Kuma's "EnsureCAs"), and never overwritten:
 * the key is created first and the certificate is always made from the stored key, so that
 * concurrent writers on several instances agree on one pair.
 *
 * <p>Thread-safe; reads and writes the store on the caller's thread.
 */
public final class MeshCas {
  public static final String BUILTIN = "builtin";
  public static final String PROVIDED = "provided";
  private static final Logger log = LoggerFactory.getLogger(MeshCas.class);

  private final ResourceStore store;
  private final SecretData secrets;
  private final DataSourceResolver dataSources;
  private final BuiltinCaGenerator generator;

  public MeshCas(
      ResourceStore store,
      SecretData secrets,
      DataSourceResolver dataSources,
      BuiltinCaGenerator generator) {
    this.store = store;
    this.secrets = secrets;
    this.dataSources = dataSources;
    this.generator = generator;
  }

  /** {@code <mesh>.ca-builtin-cert-<backend>}. */
  public static String certSecretName(String mesh, String backend) {
    return mesh + ".ca-builtin-cert-" + backend;
  }

  /** {@code <mesh>.ca-builtin-key-<backend>}. */
  public static String keySecretName(String mesh, String backend) {
    return mesh + ".ca-builtin-key-" + backend;
  }

  /** The {@code conf.cert} data source of a provided backend; empty when absent. */
  public static DataSource providedCert(CertificateAuthorityBackend backend) {
    return dataSource(backend.conf(), "cert");
  }

  /** The {@code conf.key} data source of a provided backend; empty when absent. */
  public static DataSource providedKey(CertificateAuthorityBackend backend) {
    return dataSource(backend.conf(), "key");
  }

  private static DataSource dataSource(JsonNode conf, String field) {
    JsonNode node = conf == null ? null : conf.path(field);
    if (node == null || !node.isObject()) {
      return new DataSource("", "", "", "");
    }
    String inlineString =
        node.has("inlineString")
            ? node.path("inlineString").asText("")
            : node.path("inline_string").asText("");
    return new DataSource(
        node.path("secret").asText(""),
        node.path("file").asText(""),
        node.path("inline").asText(""),
        inlineString);
  }

  // ---------------------------------------------------------------- on Mesh writes

  /**
   * Creates whatever secret of a builtin backend is missing.
   *
   * @param at where to report, {@code mtls.backends[i]}
   * @return whether this call created a secret
   */
  public boolean ensureBuiltin(
      String mesh, CertificateAuthorityBackend backend, Path at, Errors errors) {
    String certName = certSecretName(mesh, backend.name());
    String keyName = keySecretName(mesh, backend.name());
    Optional<String> storedCert = secretText(mesh, certName);
    Optional<String> storedKey = secretText(mesh, keyName);
    if (storedCert.isPresent() && storedKey.isPresent()) {
      return false;
    }
    if (storedCert.isPresent()) {
      errors.add(
          at,
          "the CA secret \""
              + keyName
              + "\" is missing but \""
              + certName
              + "\" exists: restore the key, or delete \""
              + certName
              + "\" to generate a new CA");
      return false;
    }
    BuiltinCaConf conf = BuiltinCaConf.of(backend.conf());
    boolean created = false;
    KeyPair pair;
    if (storedKey.isEmpty()) {
      pair = generator.newKey(conf);
      if (createSecret(mesh, keyName, Pem.traditional(pair.getPrivate()))) {
        created = true;
      } else {
        pair = null;
      }
    } else {
      pair = null;
    }
    if (pair == null) {
      Optional<String> winner = secretText(mesh, keyName);
      if (winner.isEmpty()) {
        errors.add(at, "the CA secret \"" + keyName + "\" vanished while the CA was created");
        return created;
      }
      try {
        pair = Pem.rsaKeyPair(Pem.privateKey(winner.get()));
      } catch (IllegalArgumentException e) {
        errors.add(
            at,
            "the CA secret \""
                + keyName
                + "\" does not hold an RSA private key ("
                + e.getMessage()
                + "): delete it to generate a new CA");
        return created;
      }
    }
    if (createSecret(mesh, certName, generator.certificate(mesh, conf, pair))) {
      created = true;
    }
    if (created) {
      log.info(
          "mesh CA created mesh={} backend={} type=builtin rsaBits={} expiration={}",
          mesh,
          backend.name(),
          conf.rsaBits(),
          conf.expiration());
    }
    return created;
  }

  /** Checks a provided backend's certificate and key; one violation per problem. */
  void validateProvided(
      String mesh, CertificateAuthorityBackend backend, Path conf, Errors errors) {
    ProvidedCaValidator.validate(
        dataSources.resolve(mesh, providedCert(backend)),
        dataSources.resolve(mesh, providedKey(backend)),
        conf,
        errors);
  }

  private boolean createSecret(String mesh, String name, String pem) {
    try {
      store.create(secrets.secret(mesh, name, pem.getBytes(StandardCharsets.US_ASCII)));
      return true;
    } catch (ResourceAlreadyExistsException e) {
      return false;
    }
  }

  private Optional<String> secretText(String mesh, String name) {
    return find(secrets.secretType(), mesh, name)
        .flatMap(secrets::data)
        .map(bytes -> new String(bytes, StandardCharsets.UTF_8));
  }

  private <S extends ResourceSpec> Optional<Resource<?>> find(
      ResourceType<S> type, String mesh, String name) {
    return store.get(type, mesh, name).map(r -> r);
  }

  // ---------------------------------------------------------------- reading

  /** The CA certificate (PEM, maybe a chain) of a backend, or why it cannot be read. */
  public ResolvedData certificatePem(String mesh, CertificateAuthorityBackend backend) {
    return switch (backend.type()) {
      case BUILTIN -> {
        String name = certSecretName(mesh, backend.name());
        yield secretText(mesh, name)
            .map(ResolvedData::of)
            .orElseGet(
                () -> ResolvedData.failed("secret \"" + name + "\" not found in mesh " + mesh));
      }
      case PROVIDED -> dataSources.resolve(mesh, providedCert(backend));
      default ->
          ResolvedData.failed(
              "CA backend "
                  + backend.name()
                  + " has type \""
                  + backend.type()
                  + "\": expected builtin or provided");
    };
  }

  /**
   * The CA certificates of every backend of a mesh, the enabled one first, then the others in
   * order; what a proxy of the mesh trusts. A backend whose certificate cannot be read is left out
   * (and logged).
   */
  public List<String> trustedCaPems(Resource<MeshSpec> mesh) {
    MeshSpec.Mtls mtls = mesh.spec().mtls();
    if (mtls == null) {
      return List.of();
    }
    List<CertificateAuthorityBackend> ordered = new ArrayList<>();
    mesh.spec().enabledCaBackend().ifPresent(ordered::add);
    for (CertificateAuthorityBackend backend : mtls.backends()) {
      if (backend != null && !ordered.contains(backend)) {
        ordered.add(backend);
      }
    }
    List<String> pems = new ArrayList<>();
    for (CertificateAuthorityBackend backend : ordered) {
      ResolvedData pem = certificatePem(mesh.name(), backend);
      if (pem.isResolved()) {
        pems.add(pem.content());
      } else {
        log.warn(
            "mesh CA certificate not readable, not trusted mesh={} backend={} reason={}",
            mesh.name(),
            backend.name(),
            pem.error());
      }
    }
    return pems;
  }

  /**
   * The signing material of a backend.
   *
   * @throws CaUnavailableException naming the mesh, backend and problem
   */
  public MeshCa load(String mesh, CertificateAuthorityBackend backend) {
    ResolvedData certPem = certificatePem(mesh, backend);
    ResolvedData keyPem =
        switch (backend.type()) {
          case BUILTIN -> {
            String name = keySecretName(mesh, backend.name());
            yield secretText(mesh, name)
                .map(ResolvedData::of)
                .orElseGet(
                    () -> ResolvedData.failed("secret \"" + name + "\" not found in mesh " + mesh));
          }
          case PROVIDED -> dataSources.resolve(mesh, providedKey(backend));
          default -> ResolvedData.failed("unsupported CA type \"" + backend.type() + "\"");
        };
    String what = "CA " + backend.name() + " (" + backend.type() + ") of mesh " + mesh;
    if (!certPem.isResolved()) {
      throw new CaUnavailableException(what + ": certificate unavailable: " + certPem.error());
    }
    if (!keyPem.isResolved()) {
      throw new CaUnavailableException(what + ": key unavailable: " + keyPem.error());
    }
    try {
      List<X509Certificate> chain = Pem.certificates(certPem.content());
      PrivateKey key = Pem.privateKey(keyPem.content());
      if (!Pem.isPair(key, chain.get(0).getPublicKey())) {
        throw new CaUnavailableException(
            what
                + ": the key does not match the CA certificate: expected the key of its first"
                + " certificate");
      }
      return new MeshCa(mesh, backend.name(), backend.type(), chain, key);
    } catch (IllegalArgumentException e) {
      throw new CaUnavailableException(what + ": " + e.getMessage(), e);
    }
  }
}
