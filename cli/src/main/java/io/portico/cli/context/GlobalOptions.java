package io.portico.cli.context;

import java.nio.file.Path;
import java.time.Duration;

/** The options every command accepts ({@code --config-file}, {@code --api-timeout}). */
public interface GlobalOptions {
  /** The {@code --config-file} value, or null when not given. */
  Path configFile();

  /** How long to wait for the control plane to connect and to answer each request. */
  Duration apiTimeout();
}
