/**
 * {@code porticoctl generate}: things the control plane issues (dataplane tokens). Runs on the main
 * thread.
 */
package io.portico.cli.generate;
