/**
 * Mesh certificate authorities (spec/core.md §1.2, §1.4): the {@code builtin} CA generated into the
 * mesh Secrets {@code <mesh>.ca-builtin-cert-<backend>} and {@code <mesh>.ca-builtin-key-<backend>}
 * when a Mesh naming it is written ({@link io.portico.cp.ca.MeshCaHook}), the checks of a {@code
 * provided} CA's certificate and key, and reading either back as trust or as signing material
 * ({@link io.portico.cp.ca.MeshCas}).
 *
 * <p>Threading: stateless apart from the store; runs on whichever thread writes a Mesh (API request
 * threads, the leader-jobs executor) or issues certificates (the DP server's sync thread). Private
 * keys are never logged or printed.
 */
package io.portico.cp.ca;
