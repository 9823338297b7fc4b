package io.portico.mesh.api.mesh;

import io.portico.format.AccessLogGrammar;
import java.util.List;

/**
 * Checks the command operators of a logging backend's {@code format} (spec/core.md §1.3: "Envoy
 * access-log format string with Kuma extra operators, validated"), so that a Mesh naming an
 * operator the proxy does not know is refused when it is applied. The grammar is the proxy's own
 * ({@link AccessLogGrammar}).
 */
final class AccessLogFormats {
  private AccessLogFormats() {}

  /** What is wrong with {@code format}: unknown or malformed operators; empty when valid. */
  static List<String> problems(String format) {
    return AccessLogGrammar.parse(format).errors();
  }
}
