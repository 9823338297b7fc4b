/**
 * How porticoctl prints: kumactl-compatible tables (Go {@code text/tabwriter} layout), AGE cells,
 * and YAML or JSON documents. Pure functions over values; no I/O and no shared state.
 */
package io.portico.cli.output;
