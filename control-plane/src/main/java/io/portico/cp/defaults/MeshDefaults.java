package io.portico.cp.defaults;

import io.portico.cp.secret.RsaKeyPairs;
import io.portico.cp.secret.SecretData;
import io.portico.cp.secret.SigningKeyPem;
import io.portico.cp.store.ResourceAlreadyExistsException;
import io.portico.cp.store.manager.ResourceManager;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.codec.ParsedDocument;
import io.portico.mesh.api.codec.ResourceCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resources every new mesh gets (spec/core.md §1.6): TrafficPermission {@code
 * allow-all-<mesh>}, TrafficRoute {@code route-all-<mesh>}, Timeout {@code timeout-all-<mesh>},
 * CircuitBreaker {@code circuit-breaker-all-<mesh>}, Retry {@code retry-all-<mesh>} (their YAML is
 * {@code mesh-defaults.yaml} beside this class) and the Secret {@code
 * dataplane-token-signing-key-<mesh>-1} (an RSA-2048 PEM). Each is created only if absent.
 */
public final class MeshDefaults {
  static final String TEMPLATE = "mesh-defaults.yaml";
  static final String MESH_PLACEHOLDER = "{{mesh}}";
  public static final String SIGNING_KEY_PREFIX = "dataplane-token-signing-key-";
  private static final Logger log = LoggerFactory.getLogger(MeshDefaults.class);

  private final ResourceManager manager;
  private final ResourceCodec codec;
  private final SecretData secrets;
  private final RsaKeyPairs rsaKeys;
  private final String template;

  public MeshDefaults(
      ResourceManager manager, ResourceCodec codec, SecretData secrets, RsaKeyPairs rsaKeys) {
    this.manager = manager;
    this.codec = codec;
    this.secrets = secrets;
    this.rsaKeys = rsaKeys;
    this.template = readTemplate();
    policies("probe");
  }

  /** The name of a mesh's first dataplane-token signing key. */
  public static String signingKeyName(String mesh) {
    return SIGNING_KEY_PREFIX + mesh + "-1";
  }

  /**
   * The default policies of a mesh, parsed from the template.
   *
   * @throws IllegalStateException when the bundled template does not parse (a build defect)
   */
  public List<Resource<?>> policies(String mesh) {
    List<Resource<?>> out = new ArrayList<>();
    for (ParsedDocument doc : codec.readDocuments(template.replace(MESH_PLACEHOLDER, mesh))) {
      if (!doc.isParsed()) {
        throw new IllegalStateException(
            TEMPLATE + " " + doc.describe() + " does not parse: " + doc.violations());
      }
      out.add(doc.resource());
    }
    return out;
  }

  /**
   * Creates whatever default resource of the mesh is missing.
   *
   * @return how many resources this call created
   */
  public int ensure(String mesh) {
    int created = 0;
    for (Resource<?> policy : policies(mesh)) {
      if (createIfAbsent(policy)) {
        created++;
      }
    }
    if (!secrets.isDataRetained()) {
      log.warn(
          "dataplane token signing key not created: secret specs drop their data in this build"
              + " mesh={}",
          mesh);
    } else if (manager.get(secrets.secretType(), mesh, signingKeyName(mesh)).isEmpty()
        && createIfAbsent(
            secrets.secret(mesh, signingKeyName(mesh), SigningKeyPem.generatePem(rsaKeys)))) {
      created++;
    }
    if (created > 0) {
      log.info("mesh default resources created mesh={} count={}", mesh, created);
    }
    return created;
  }

  private boolean createIfAbsent(Resource<?> resource) {
    if (manager.get(resource.type(), resource.mesh(), resource.name()).isPresent()) {
      return false;
    }
    try {
      manager.create(resource);
      return true;
    } catch (ResourceAlreadyExistsException e) {
      return false;
    }
  }

  private static String readTemplate() {
    try (InputStream in = MeshDefaults.class.getResourceAsStream(TEMPLATE)) {
      if (in == null) {
        throw new IllegalStateException(TEMPLATE + " is missing beside " + MeshDefaults.class);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + TEMPLATE, e);
    }
  }
}
