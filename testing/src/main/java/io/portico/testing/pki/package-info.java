/**
 * A test public-key infrastructure: one CA that issues server certificates (DNS and IP SANs) and
 * client certificates (URI SANs such as {@code spiffe://mesh/service}), held in memory and writable
 * as PEM files.
 *
 * <p>Threading: a {@link io.portico.testing.pki.TestPki} may be shared between threads; issuing is
 * synchronized, certificates are immutable.
 */
package io.portico.testing.pki;
