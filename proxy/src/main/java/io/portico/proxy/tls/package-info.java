/**
 * TLS: reading PEM material (JDK only), the TLS engine that builds Netty {@code SslContext}s with
 * one provider and one protocol and cipher policy ({@link io.portico.proxy.tls.TlsContexts}), the
 * compiled downstream TLS of a listener (server contexts chosen by SNI, {@link
 * io.portico.proxy.tls.ServerTls}) and the compiled upstream TLS of a cluster ({@link
 * io.portico.proxy.tls.ClientTls}), and the checks of mesh identities on certificates (URI SANs).
 *
 * <p>Threading: contexts are built when a config is compiled, on the config thread, and are
 * immutable afterwards; the event loops only create per-connection handlers from them. Nothing here
 * knows the config model: the config compiler calls in, the pipelines use the results.
 */
package io.portico.proxy.tls;
