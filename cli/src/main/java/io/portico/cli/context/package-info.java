/**
 * What every porticoctl command runs with: the process environment (home, variables, clock,
 * standard streams), the global options, the configuration file and a client for the current
 * control plane. One {@link io.portico.cli.context.CliContext} per invocation, used from the main
 * thread only.
 */
package io.portico.cli.context;
