package io.portico.cp.dpserver;

import com.google.protobuf.CodedOutputStream;
import io.portico.proxy.api.v1.ProxyConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Versions of configs by content (DESIGN.md: "ProxyConfig versioned by content hash"): a config
 * that the compiler left unversioned gets the first 16 hex digits of the SHA-256 of its
 * deterministic protobuf encoding; equal content, equal version.
 */
final class ConfigVersions {
  private ConfigVersions() {}

  /** The config itself when it has a version, else a copy versioned by its content. */
  static ProxyConfig versioned(ProxyConfig config) {
    if (!config.getVersion().isEmpty()) {
      return config;
    }
    return config.toBuilder().setVersion(contentHash(config)).build();
  }

  static String contentHash(ProxyConfig config) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(config.getSerializedSize());
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.useDeterministicSerialization();
    try {
      config.writeTo(out);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}
