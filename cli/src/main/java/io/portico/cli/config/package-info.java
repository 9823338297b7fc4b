/**
 * The porticoctl configuration: known control planes, contexts and the current context, kept in a
 * YAML file laid out like kumactl's {@code ~/.kumactl/config} (spec/core.md §5.8). Values are
 * immutable records; {@link io.portico.cli.config.ConfigFile} reads and writes them. No shared
 * state.
 */
package io.portico.cli.config;
