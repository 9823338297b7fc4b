package io.portico.it.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the checkout is: the failsafe property {@code portico.root}, else the parent directory. */
public final class Repository {
  private Repository() {}

  public static Path root() {
    String configured = System.getProperty("portico.root");
    Path root = configured != null ? Path.of(configured) : Path.of("..");
    root = root.toAbsolutePath().normalize();
    if (!Files.isDirectory(root.resolve("bin"))) {
      throw new IllegalStateException("no bin/ directory under " + root + ": set -Dportico.root");
    }
    return root;
  }

  /** The seed's YAML examples, as fixtures of the mesh-api module. */
  public static Path seedFixtures() {
    return root().resolve("mesh-api/src/test/resources/seed");
  }
}
