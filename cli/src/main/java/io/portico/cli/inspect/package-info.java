/**
 * {@code porticoctl inspect}: views that combine several API answers. {@code inspect meshes} and
 * {@code inspect dataplanes}. Runs on the main thread.
 */
package io.portico.cli.inspect;
