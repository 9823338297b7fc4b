package io.portico.cli.context;

import io.portico.cli.client.ControlPlaneClient;
import io.portico.cli.config.CliConfig;
import io.portico.cli.config.ConfigFile;
import io.portico.cli.config.ControlPlaneEntry;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.types.ResourceTypes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * One invocation's environment, options, configuration and control plane.
 *
 * <p>The configuration file is {@code --config-file} if given, else {@code $PORTICOCTL_CONFIG} if
 * set, else {@code ~/.porticoctl/config}.
 */
public final class CliContext {
  /** Environment variable naming the configuration file. */
  public static final String CONFIG_VARIABLE = "PORTICOCTL_CONFIG";

  private final CliEnvironment environment;
  private final GlobalOptions options;
  private ResourceCodec codec;

  public CliContext(CliEnvironment environment, GlobalOptions options) {
    this.environment = environment;
    this.options = options;
  }

  public CliEnvironment environment() {
    return environment;
  }

  public PrintWriter out() {
    return environment.out();
  }

  public PrintWriter err() {
    return environment.err();
  }

  public Instant now() {
    return environment.clock().instant();
  }

  public ResourceTypes types() {
    return ResourceTypes.standard();
  }

  /** The resource codec, built on first use (only {@code apply} parses resources). */
  public ResourceCodec codec() {
    if (codec == null) {
      codec = ResourceCodec.standard();
    }
    return codec;
  }

  public Duration apiTimeout() {
    return options.apiTimeout();
  }

  /** Where the configuration is read from and written to. */
  public Path configFile() {
    if (options.configFile() != null) {
      return options.configFile();
    }
    String fromVariable = environment.variables().get(CONFIG_VARIABLE);
    if (fromVariable != null && !fromVariable.isBlank()) {
      return Path.of(fromVariable);
    }
    return environment.home().resolve(".porticoctl").resolve("config");
  }

  public CliConfig config() {
    return ConfigFile.read(configFile());
  }

  public void saveConfig(CliConfig config) {
    ConfigFile.write(configFile(), config);
  }

  /** The control plane of the current context. */
  public ControlPlaneEntry currentControlPlane() {
    CliConfig config = config();
    return config
        .currentControlPlane()
        .orElseThrow(
            () ->
                new CliException(
                    config.currentContext().isEmpty()
                        ? "there is no active control plane; add one with: porticoctl config"
                            + " control-planes add --name NAME --address URL"
                        : "the current context \""
                            + config.currentContext()
                            + "\" names no known control plane in "
                            + configFile()
                            + "; switch with: porticoctl config control-planes switch --name"
                            + " NAME"));
  }

  /** A client for the current control plane. */
  public ControlPlaneClient client() {
    return ControlPlaneClient.connect(currentControlPlane(), apiTimeout());
  }
}
