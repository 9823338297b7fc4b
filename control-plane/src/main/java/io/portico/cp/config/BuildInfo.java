package io.portico.cp.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** What this build of the control plane is: its version, from the packaged version.properties. */
public final class BuildInfo {
  private BuildInfo() {}

  /** The Portico version of this build, or {@code dev} when unknown. */
  public static String version() {
    try (InputStream in =
        BuildInfo.class.getResourceAsStream("/io/portico/cp/version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }
}
