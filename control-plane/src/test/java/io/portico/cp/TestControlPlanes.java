package io.portico.cp;

import io.portico.cp.config.ConfigLoader;
import io.portico.cp.config.CpConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Builds configurations and starts in-process control planes for tests: port 0, loopback only. */
public final class TestControlPlanes {
  private TestControlPlanes() {}

  /**
   * Environment of a memory-store control plane on free loopback ports (API, diagnostics, DP
   * server), HTTPS off.
   */
  public static Map<String, String> env(Path workDir) {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", workDir.toString());
    env.put("PORTICO_STORE_TYPE", "memory");
    env.put("PORTICO_GENERAL_WORK_DIR", workDir.toString());
    env.put("PORTICO_API_SERVER_HTTP_INTERFACE", "127.0.0.1");
    env.put("PORTICO_API_SERVER_HTTP_PORT", "0");
    env.put("PORTICO_API_SERVER_HTTPS_ENABLED", "false");
    env.put("PORTICO_API_SERVER_HTTPS_INTERFACE", "127.0.0.1");
    env.put("PORTICO_API_SERVER_HTTPS_PORT", "0");
    env.put("PORTICO_DIAGNOSTICS_SERVER_PORT", "0");
    env.put("PORTICO_DP_SERVER_INTERFACE", "127.0.0.1");
    env.put("PORTICO_DP_SERVER_PORT", "0");
    return env;
  }

  public static CpConfig config(Path workDir, Map<String, String> overrides) {
    Map<String, String> env = env(workDir);
    env.putAll(overrides);
    return new ConfigLoader(env).load(Optional.empty());
  }

  /** Options with test keys and secret types that keep their data. */
  public static ControlPlane.Options options() {
    return ControlPlane.Options.standard()
        .withTypes(TestTypes.withSecretData())
        .withRsaKeys(new FakeRsaKeyPairs());
  }

  public static ControlPlane start(Path workDir, Map<String, String> overrides) {
    return ControlPlane.start(config(workDir, overrides), options());
  }
}
