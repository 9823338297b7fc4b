/**
 * The compiler's view of one mesh: the resources of a {@code MeshSnapshot}, sorted and typed for
 * the planners, with what the control plane resolved for them: the mesh's mTLS ({@link
 * io.portico.cp.compiler.context.MeshMtls}: on or off, mode, CA certificates, identity URIs), the
 * content of data sources ({@link io.portico.cp.compiler.context.DataSourceContents}) and the
 * crossMesh gateways of every mesh ({@link io.portico.cp.compiler.context.CrossMeshPeer}).
 * Immutable values; no I/O, no threads.
 */
package io.portico.cp.compiler.context;
