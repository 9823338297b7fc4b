/**
 * {@code porticoctl get} and {@code porticoctl delete}: one subcommand pair per resource type
 * ({@code get meshes}, {@code get mesh NAME}), kumactl's table columns per type, and YAML or JSON
 * output of what the API returned. Table cells are read from the API's JSON, never from spec
 * records. Commands run on the main thread.
 */
package io.portico.cli.resources;
