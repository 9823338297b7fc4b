package io.portico.cp.auth;

import io.portico.cp.secret.RsaKeyPairs;
import io.portico.cp.secret.SecretData;
import io.portico.cp.secret.SigningKeyCache;
import io.portico.cp.secret.SigningKeyPem;
import io.portico.cp.store.ListQuery;
import io.portico.cp.store.ResourceAlreadyExistsException;
import io.portico.cp.store.manager.ResourceManager;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceKey;
import java.security.KeyPair;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user-token signing keys: GlobalSecrets {@code user-token-signing-key-<serial>} holding an
 * RSA-2048 PEM (spec/core.md §6.3). New tokens use the highest serial; a token names its key by
 * {@code kid}. Rotation is adding a key with a higher serial, then deleting the old one.
 */
public final class UserTokenSigningKeys {
  public static final String PREFIX = "user-token-signing-key-";
  private static final Logger log = LoggerFactory.getLogger(UserTokenSigningKeys.class);

  private final ResourceManager manager;
  private final SecretData secrets;
  private final RsaKeyPairs rsaKeys;
  private final SigningKeyCache parsed;

  /**
   * A key of a known serial.
   *
   * @param serial the serial, also the {@code kid} of the tokens it signs
   * @param keys the private key and its public half
   */
  public record SigningKey(int serial, KeyPair keys) {}

  public UserTokenSigningKeys(ResourceManager manager, SecretData secrets, RsaKeyPairs rsaKeys) {
    this.manager = manager;
    this.secrets = secrets;
    this.rsaKeys = rsaKeys;
    this.parsed = new SigningKeyCache(secrets);
  }

  /**
   * Creates {@code user-token-signing-key-1} when no key exists. Idempotent; safe when another
   * instance does the same at once.
   *
   * @return whether this call created the key
   */
  public boolean ensureKey() {
    if (highestSerial().isPresent()) {
      return false;
    }
    String name = PREFIX + 1;
    try {
      manager.create(secrets.globalSecret(name, SigningKeyPem.generatePem(rsaKeys)));
      log.info("user token signing key created secret={}", name);
      return true;
    } catch (ResourceAlreadyExistsException e) {
      return false;
    }
  }

  /** The key new tokens are signed with: the highest serial. */
  public Optional<SigningKey> current() {
    return highestSerial().flatMap(this::bySerial);
  }

  /** The key of a serial, if its secret exists and holds a readable key. */
  public Optional<SigningKey> bySerial(int serial) {
    Optional<? extends Resource<?>> secret =
        manager.get(secrets.globalSecretType(), "", PREFIX + serial);
    return parsed
        .keyPair(new ResourceKey("GlobalSecret", "", PREFIX + serial), secret)
        .map(keys -> new SigningKey(serial, keys));
  }

  private Optional<Integer> highestSerial() {
    return manager.list(secrets.globalSecretType(), ListQuery.all()).items().stream()
        .map(Resource::name)
        .filter(n -> n.startsWith(PREFIX))
        .map(n -> n.substring(PREFIX.length()))
        .filter(s -> s.matches("\\d{1,9}"))
        .map(Integer::parseInt)
        .max(Integer::compare);
  }
}
