package io.portico.proxy.routing;

/**
 * Normalizes a request path before matching and forwarding (spec gateway.md §2.6): dot segments are
 * resolved (RFC 3986 §5.2.4) and repeated slashes merged. A path that needs no change is returned
 * as is, without allocating.
 */
public final class PathNormalizer {
  private PathNormalizer() {}

  public static String normalize(String path) {
    if (path.isEmpty()) {
      return "/";
    }
    if (!needsWork(path)) {
      return path;
    }
    String[] segments = path.split("/", -1);
    String[] out = new String[segments.length];
    int size = 0;
    boolean trailingSlash = false;
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      boolean last = i == segments.length - 1;
      if (segment.isEmpty() || segment.equals(".")) {
        trailingSlash = last && i > 0;
        continue;
      }
      if (segment.equals("..")) {
        if (size > 0) {
          size--;
        }
        trailingSlash = last;
        continue;
      }
      out[size++] = segment;
      trailingSlash = false;
    }
    StringBuilder result = new StringBuilder(path.length());
    for (int i = 0; i < size; i++) {
      result.append('/').append(out[i]);
    }
    if (trailingSlash || size == 0) {
      result.append('/');
    }
    return result.toString();
  }

  private static boolean needsWork(String path) {
    if (path.charAt(0) != '/') {
      return true;
    }
    for (int i = 0; i < path.length() - 1; i++) {
      char c = path.charAt(i);
      char d = path.charAt(i + 1);
      if (c == '/' && (d == '/' || d == '.')) {
        return true;
      }
    }
    return false;
  }
}
