package io.portico.it.support;

import java.util.List;

/** Stops what a test class started, the last started first, then its control plane. */
public final class Shutdown {
  private Shutdown() {}

  /**
   * Closes {@code running} in reverse order, then {@code controlPlane} (null when it never
   * started).
   */
  public static void all(List<? extends AutoCloseable> running, AutoCloseable controlPlane)
      throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
    if (controlPlane != null) {
      controlPlane.close();
    }
  }
}
