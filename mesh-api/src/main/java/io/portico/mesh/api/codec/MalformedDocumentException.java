package io.portico.mesh.api.codec;

/**
 * A JSON or YAML text that cannot be read: its syntax, or one of {@link TreeReader}'s limits. The
 * message says where ({@code malformed YAML at line 3, column 7: ...}) when the position is known.
 */
public final class MalformedDocumentException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;
  private final String problem;

  /**
   * @param format {@code JSON} or {@code YAML}
   * @param line 1-based, or 0 when unknown
   * @param column 1-based, or 0 when unknown
   * @param problem what is wrong
   */
  public MalformedDocumentException(String format, int line, int column, String problem) {
    super(
        "malformed "
            + format
            + (line > 0 ? " at line " + line + (column > 0 ? ", column " + column : "") : "")
            + ": "
            + problem);
    this.line = line;
    this.column = column;
    this.problem = problem;
  }

  /** The 1-based line of the problem, or 0 when unknown. */
  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  /** What is wrong, without the position. */
  public String problem() {
    return problem;
  }
}
