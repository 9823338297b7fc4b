package io.portico.format;

/** How a message quotes a value that came from outside: in double quotes, cut when long. */
public final class Quoting {
  /** The longest value quoted whole; longer ones are cut with an ellipsis and their length. */
  public static final int LIMIT = 40;

  private Quoting() {}

  /** {@code "value"}, or {@code "first 40 characters…" (10000 characters)}. */
  public static String quote(String text) {
    if (text.length() <= LIMIT) {
      return "\"" + text + "\"";
    }
    return "\"" + text.substring(0, LIMIT) + "…\" (" + text.length() + " characters)";
  }
}
