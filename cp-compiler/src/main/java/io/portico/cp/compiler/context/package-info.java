/**
 * The compiler's view of one mesh: the resources of a {@code MeshSnapshot}, sorted and typed for
 * the planners. Immutable values; no I/O, no threads.
 */
package io.portico.cp.compiler.context;
