/**
 * {@code porticoctl inspect}: views that combine several API answers. Only {@code inspect meshes}
 * for now. Runs on the main thread.
 */
package io.portico.cli.inspect;
