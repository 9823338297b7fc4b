package io.portico.mesh.api;

import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a certificate, key or other secret material comes from: exactly one of a mesh {@code
 * secret} name, a {@code file} path (deprecated), base64 {@code inline} bytes or {@code
 * inlineString} text (spec/core.md §1.2, "provided CA").
 *
 * <p>An empty string counts as not set, so the record normalises null to empty.
 *
 * @param secret the name of a Secret in the same mesh
 * @param file a path on the control-plane host (deprecated)
 * @param inline the material, base64-encoded
 * @param inlineString the material as text
 */
public record DataSource(String secret, String file, String inline, String inlineString) {
  public DataSource {
    secret = SpecValues.text(secret);
    file = SpecValues.text(file);
    inline = SpecValues.text(inline);
    inlineString = SpecValues.text(inlineString);
  }

  /**
   * Reports at {@code path} a data source with no source ({@code cannot be empty}) or with several
   * ({@code exactly one of secret, file, inline, inlineString must be set}).
   */
  public static void validate(Path path, DataSource source, Errors errors) {
    List<String> set = new ArrayList<>();
    if (source != null) {
      if (!source.secret.isEmpty()) {
        set.add("secret");
      }
      if (!source.file.isEmpty()) {
        set.add("file");
      }
      if (!source.inline.isEmpty()) {
        set.add("inline");
      }
      if (!source.inlineString.isEmpty()) {
        set.add("inlineString");
      }
    }
    if (set.isEmpty()) {
      errors.add(path, "cannot be empty");
    } else if (set.size() > 1) {
      errors.add(path, "exactly one of secret, file, inline, inlineString must be set");
    }
  }
}
