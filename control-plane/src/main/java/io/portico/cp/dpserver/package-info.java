/**
 * The DP server: the gRPC service (TLS, port {@code dpServer.port}) on which every proxy opens one
 * config stream (proto {@code portico.proxy.v1.ProxyDiscoveryService}, spec/core.md §6.6–§6.8 as
 * adapted by docs/control-plane.md "DP server").
 *
 * <p>Flow: {@link io.portico.cp.dpserver.ProxyStream} takes the Hello and authenticates it ({@link
 * io.portico.cp.dpserver.StreamHandshake}); {@link io.portico.cp.dpserver.ConfigSync} registers the
 * dataplane, keeps one {@link io.portico.cp.compiler.MeshSnapshot} per mesh from the store's change
 * feed ({@link io.portico.cp.dpserver.MeshSnapshots}, with the mesh's CA certificates, resolved
 * data sources and every mesh's crossMesh gateways), compiles each proxy's config when its inputs
 * changed, attaches the proxy's mesh identity in an mTLS mesh ({@link
 * io.portico.cp.identity.DataplaneIdentities}; issued, rotated and kept here, in memory), sends it
 * when its version changed, counts ACKs and NACKs and writes the proxy's DataplaneInsight.
 *
 * <p>Threading: gRPC callbacks run on the server's callback executor, serialised per stream; the
 * handshake's token check and parsing run there. Everything after it (registration, snapshots,
 * compilation, sends, insights, disconnects) runs on the one sequential executor of {@code
 * ConfigSync}, so per-proxy state needs no locks.
 */
package io.portico.cp.dpserver;
