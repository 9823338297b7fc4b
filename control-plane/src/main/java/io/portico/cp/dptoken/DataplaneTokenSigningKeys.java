package io.portico.cp.dptoken;

import io.portico.cp.secret.SecretData;
import io.portico.cp.secret.SigningKeyCache;
import io.portico.cp.store.ListQuery;
import io.portico.cp.store.manager.ResourceManager;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceKey;
import java.security.KeyPair;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signing keys of a mesh's dataplane tokens (spec/core.md §6.1): Secrets {@code
 * dataplane-token-signing-key-<mesh>-<serial>} of that mesh holding an RSA PEM; serial 0 is the
 * legacy name without suffix. New tokens use the highest serial; a token names its key by {@code
 * kid}. Parsed keys are cached by secret version.
 */
public final class DataplaneTokenSigningKeys {
  public static final String PREFIX = "dataplane-token-signing-key-";
  private static final Logger log = LoggerFactory.getLogger(DataplaneTokenSigningKeys.class);

  private final ResourceManager manager;
  private final SecretData secrets;
  private final SigningKeyCache parsed;

  /**
   * A key of a known serial.
   *
   * @param serial the serial, also the {@code kid} of the tokens it signs
   * @param keys the private key and its public half
   */
  public record SigningKey(int serial, KeyPair keys) {}

  public DataplaneTokenSigningKeys(ResourceManager manager, SecretData secrets) {
    this.manager = manager;
    this.secrets = secrets;
    this.parsed = new SigningKeyCache(secrets);
  }

  /** The secret name of a mesh's key of a serial. */
  public static String secretName(String mesh, int serial) {
    return serial == 0 ? PREFIX + mesh : PREFIX + mesh + "-" + serial;
  }

  /** The key new tokens of the mesh are signed with: the highest serial. */
  public Optional<SigningKey> current(String mesh) {
    return highestSerial(mesh).flatMap(serial -> bySerial(mesh, serial));
  }

  /** The mesh's key of a serial, if its secret exists and holds a readable RSA key. */
  public Optional<SigningKey> bySerial(String mesh, int serial) {
    String name = secretName(mesh, serial);
    Optional<? extends Resource<?>> secret = manager.get(secrets.secretType(), mesh, name);
    return parsed
        .keyPair(new ResourceKey("Secret", mesh, name), secret)
        .map(keys -> new SigningKey(serial, keys));
  }

  private Optional<Integer> highestSerial(String mesh) {
    String prefix = PREFIX + mesh;
    return manager.list(secrets.secretType(), ListQuery.inMesh(mesh)).items().stream()
        .map(Resource::name)
        .filter(n -> n.startsWith(prefix))
        .map(n -> n.substring(prefix.length()))
        .map(s -> s.isEmpty() ? "0" : s.startsWith("-") ? s.substring(1) : "x")
        .filter(s -> s.matches("\\d{1,9}"))
        .map(Integer::parseInt)
        .max(Integer::compare);
  }
}
