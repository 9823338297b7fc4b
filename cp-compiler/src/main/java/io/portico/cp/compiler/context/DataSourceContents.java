package io.portico.cp.compiler.context;

import io.portico.mesh.api.DataSource;
import java.util.Map;
import java.util.Objects;

/**
 * The content of the data sources a mesh's resources name (certificates, keys, CAs), as the control
 * plane resolved them: the compiler never reads a secret or a file itself.
 *
 * @param contents what each data source resolved to
 */
public record DataSourceContents(Map<DataSource, Content> contents) {
  /** No data source resolved. */
  public static final DataSourceContents NONE = new DataSourceContents(Map.of());

  public DataSourceContents {
    contents = Map.copyOf(contents);
  }

  /** The content of a data source; an error when the control plane did not resolve it. */
  public Content get(DataSource source) {
    Content content = source == null ? null : contents.get(source);
    return content != null ? content : new Content(null, "was not resolved by the control plane");
  }

  /**
   * What a data source resolved to.
   *
   * @param text the content as text (PEM); null when it failed
   * @param error why it failed; null when it resolved
   */
  public record Content(String text, String error) {
    public Content {
      if ((text == null) == (error == null)) {
        throw new IllegalArgumentException("exactly one of text and error must be set");
      }
    }

    public boolean isResolved() {
      return text != null;
    }
  }

  /**
   * How a data source is named in problems: {@code secret "x"}, {@code file "/p"}, {@code inline}.
   */
  public static String describe(DataSource source) {
    Objects.requireNonNull(source, "source");
    return switch (source.kind()) {
      case SECRET -> "secret \"" + source.secret() + "\"";
      case FILE -> "file \"" + source.file() + "\"";
      case INLINE -> "inline";
      case INLINE_STRING -> "inlineString";
      case NONE -> "empty data source";
    };
  }
}
