/**
 * TLS of the compiled config: the certificates of HTTPS gateway listeners split from their data
 * sources ({@link io.portico.cp.compiler.tls.PemBundle}, {@link
 * io.portico.cp.compiler.tls.ServerCertificates}, spec/gateway.md §1.2, §2.7) and the TLS proxies
 * originate toward clusters: mesh mTLS, crossMesh gateways, ExternalServices ({@link
 * io.portico.cp.compiler.tls.UpstreamTlsPlans}, spec/core.md §1.2, §7.6). The proxy's own identity
 * (certificate and key) is never seen here: the control plane attaches it after compilation, and
 * plans only refer to it.
 *
 * <p>Pure functions; no I/O, no threads.
 */
package io.portico.cp.compiler.tls;
