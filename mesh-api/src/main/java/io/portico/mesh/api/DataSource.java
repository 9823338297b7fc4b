package io.portico.mesh.api;

import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;

/**
 * Where a blob of bytes (a certificate, a key, a token) comes from: exactly one of a mesh-scoped
 * Kuma Secret by name, a file on the control plane, base64 bytes inline, or text inline (Kuma's
 * {@code system.v1alpha1.DataSource}, spec/gateway.md §1.2, spec/core.md §1.2).
 *
 * <p>Unset components are empty strings, never null, so that an empty value and an absent one are
 * the same (both are omitted on output).
 *
 * @param secret the name of a Secret in the same mesh
 * @param file a path on the control plane's file system (deprecated in Kuma, still accepted)
 * @param inline the bytes, base64-encoded as protobuf-JSON writes {@code bytes}
 * @param inlineString the bytes as text (PEM)
 */
public record DataSource(
    String secret, String file, @LargeText String inline, @LargeText String inlineString) {
  /** Which of the four sources a data source uses. */
  public enum Kind {
    NONE,
    SECRET,
    FILE,
    INLINE,
    INLINE_STRING
  }

  public DataSource {
    secret = SpecValues.text(secret);
    file = SpecValues.text(file);
    inline = SpecValues.text(inline);
    inlineString = SpecValues.text(inlineString);
  }

  public static DataSource ofSecret(String name) {
    return new DataSource(name, "", "", "");
  }

  public static DataSource ofFile(String path) {
    return new DataSource("", path, "", "");
  }

  public static DataSource ofInline(String base64) {
    return new DataSource("", "", base64, "");
  }

  public static DataSource ofInlineString(String text) {
    return new DataSource("", "", "", text);
  }

  /** Whether no source is set at all. */
  public boolean isEmpty() {
    return setCount() == 0;
  }

  /**
   * The source in use: the first one set, in the order secret, file, inline, inlineString, or
   * {@link Kind#NONE}. Only meaningful for a data source that passed {@link #validate}.
   */
  public Kind kind() {
    if (!secret.isEmpty()) {
      return Kind.SECRET;
    }
    if (!file.isEmpty()) {
      return Kind.FILE;
    }
    if (!inline.isEmpty()) {
      return Kind.INLINE;
    }
    if (!inlineString.isEmpty()) {
      return Kind.INLINE_STRING;
    }
    return Kind.NONE;
  }

  private int setCount() {
    int n = 0;
    for (String s : new String[] {secret, file, inline, inlineString}) {
      if (!s.isEmpty()) {
        n++;
      }
    }
    return n;
  }

  /**
   * Checks that exactly one source is set, reporting at {@code path}: {@code cannot be empty} when
   * the data source is missing or has no source, {@code exactly one of secret, file, inline,
   * inlineString must be set} when it has several (a protobuf {@code oneof} cannot hold two).
   */
  public static void validate(Path path, DataSource source, Errors errors) {
    int count = source == null ? 0 : source.setCount();
    if (count == 0) {
      errors.add(path, "cannot be empty");
    } else if (count > 1) {
      errors.add(path, "exactly one of secret, file, inline, inlineString must be set");
    }
  }
}
