package io.portico.mesh.api.validation;

import io.portico.format.Quoting;

/**
 * HTTP syntax that fields which become headers or paths on the wire must follow, as the proxy
 * checks a config it receives: header names are tokens (RFC 9110 §5.1), header values hold no line
 * break (a CR or LF would split a header, RFC 9110 §5.5), paths are absolute.
 */
public final class HttpRules {
  private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

  private HttpRules() {}

  /** Whether {@code name} is a non-empty RFC 9110 token. */
  public static boolean isHeaderName(String name) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean isToken =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || TOKEN_SYMBOLS.indexOf(c) >= 0;
      if (!isToken) {
        return false;
      }
    }
    return true;
  }

  /**
   * Adds a violation when a non-empty name is not a header name; an HTTP/2 pseudo-header ({@code
   * :authority}) is a colon and a token.
   */
  public static void headerName(Path path, String name, Errors errors) {
    String token = name != null && name.startsWith(":") ? name.substring(1) : name;
    if (name != null && !name.isEmpty() && !isHeaderName(token)) {
      errors.add(
          path,
          "invalid header name "
              + Quoting.quote(name)
              + ": expected letters, digits and "
              + TOKEN_SYMBOLS
              + " only");
    }
  }

  /** Adds a violation when a value holds a CR or LF. */
  public static void headerValue(Path path, String value, Errors errors) {
    if (value != null && (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0)) {
      errors.add(path, "must not contain a line break (CR or LF)");
    }
  }

  /** Adds a violation when a non-empty path does not start with {@code /}. */
  public static void absolutePath(Path path, String value, Errors errors) {
    if (value != null && !value.isEmpty() && !value.startsWith("/")) {
      errors.add(path, "must be an absolute path starting with \"/\"");
    }
  }
}
