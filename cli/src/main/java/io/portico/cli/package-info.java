/**
 * porticoctl, the command-line client of the Portico control plane, compatible with kumactl
 * (spec/core.md §5.8). {@link io.portico.cli.Porticoctl} builds the command tree, runs one command
 * on the main thread and maps failures to messages and exit codes: 0 success, 1 failure, 2 bad
 * usage.
 *
 * <pre>
 * args ─▶ picocli ─▶ command ─▶ CliContext (config file, current control plane)
 *                        │                 │
 *                        │                 ▼
 *                        │        ControlPlaneClient ─HTTP─▶ REST API
 *                        ▼
 *                 output (tables, YAML, JSON) ─▶ stdout;  errors ─▶ stderr
 * </pre>
 */
package io.portico.cli;
