/**
 * {@code porticoctl config}: {@code control-planes add|list|switch|remove} and {@code view}, which
 * edit and show the configuration file (kumahq/kuma:app/kumactl/cmd/config). Runs on the main
 * thread.
 */
package io.portico.cli.configcommand;
