/**
 * Benchmarks of {@code cp-compiler}: how long the control plane takes to compile one proxy's config
 * from a mesh snapshot of a given size, so that "one control plane serving 10,000 dataplanes" has a
 * number. {@link io.portico.bench.compiler.MeshFixture} builds the snapshots through the compiler's
 * public API from generated Universal YAML.
 */
package io.portico.bench.compiler;
