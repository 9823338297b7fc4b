package io.portico.cli.version;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The porticoctl version, written into {@code porticoctl.properties} by the build. */
public final class ClientVersion {
  private static final String RESOURCE = "porticoctl.properties";

  private ClientVersion() {}

  /** The version, such as {@code 0.1.0}; {@code unknown} when the build did not record it. */
  public static String get() {
    try (InputStream in = ClientVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "");
      return version.isBlank() || version.startsWith("${") ? "unknown" : version;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
