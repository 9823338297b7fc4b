/**
 * A fake control plane for proxy tests: a loopback gRPC server implementing {@code
 * ProxyDiscoveryService} that records what proxies send (metadata, Hello, Ack, Nack), pushes
 * configs on demand, refuses streams with a chosen status, and can stop and restart on its port.
 *
 * <p>Threading: gRPC calls back on its own executor; every method of {@link
 * io.portico.testing.controlplane.FakeControlPlane} may be called from any thread. Records are
 * appended in arrival order and read as snapshots.
 */
package io.portico.testing.controlplane;
