package io.portico.cp.secret;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceKey;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing key pairs parsed from their secrets (PEM RSA keys of user and dataplane tokens), cached
 * by the secret's version so that a token check parses nothing unless the key changed. Thread-safe.
 */
public final class SigningKeyCache {
  private static final Logger log = LoggerFactory.getLogger(SigningKeyCache.class);

  private final SecretData secrets;
  private final Map<ResourceKey, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(long version, KeyPair keys) {}

  public SigningKeyCache(SecretData secrets) {
    this.secrets = secrets;
  }

  /**
   * The key pair held by {@code secret}, or empty when it holds no readable key (logged). An empty
   * {@code secret} forgets what was cached under {@code key}.
   */
  public Optional<KeyPair> keyPair(ResourceKey key, Optional<? extends Resource<?>> secret) {
    if (secret.isEmpty()) {
      cache.remove(key);
      return Optional.empty();
    }
    long version = secret.get().meta().version();
    Cached cached = cache.get(key);
    if (cached != null && cached.version() == version) {
      return Optional.of(cached.keys());
    }
    Optional<byte[]> data = secrets.data(secret.get());
    if (data.isEmpty()) {
      return Optional.empty();
    }
    try {
      KeyPair keys = SigningKeyPem.fromPem(new String(data.get(), StandardCharsets.US_ASCII));
      cache.put(key, new Cached(version, keys));
      return Optional.of(keys);
    } catch (IllegalArgumentException e) {
      log.warn("unreadable signing key secret={} reason={}", key, e.getMessage());
      return Optional.empty();
    }
  }
}
