/**
 * Configuration of {@code portico-cp} (spec/core.md §8): the bundled defaults, the YAML file given
 * with {@code --config-file} and {@code PORTICO_*} environment variables, merged and checked into
 * one immutable {@link io.portico.cp.config.CpConfig}. Loading is single-threaded and done once at
 * start; the result is shared freely.
 */
package io.portico.cp.config;
