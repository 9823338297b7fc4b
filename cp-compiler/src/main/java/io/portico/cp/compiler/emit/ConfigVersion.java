package io.portico.cp.compiler.emit;

import io.portico.proxy.api.v1.ProxyConfig;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The version of a config: the first 16 hex digits of the SHA-256 of its serialization with an
 * empty version. The contract has no map fields, so serialization is deterministic: equal configs
 * have equal versions, and any change gives a new one.
 */
public final class ConfigVersion {
  /** Hex digits kept from the digest. */
  public static final int LENGTH = 16;

  private ConfigVersion() {}

  /** The version of {@code config}, whatever its current version field. */
  public static String of(ProxyConfig config) {
    return sha256Hex(config.toBuilder().clearVersion().build().toByteArray(), LENGTH);
  }

  /** The first {@code hexDigits} hex digits of the SHA-256 of {@code bytes}. */
  static String sha256Hex(byte[] bytes, int hexDigits) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return HexFormat.of().formatHex(digest).substring(0, hexDigits);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
