/**
 * The resource model shared by the control plane and the CLI: resource types, meta, specs and tag
 * selectors. Pure values, no I/O, no threads.
 */
package io.portico.mesh.api;
