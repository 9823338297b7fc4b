package io.portico.proxy.config;

/** How the proxy talks to a cluster's endpoints. */
public enum UpstreamProtocol {
  TCP,
  HTTP1,
  /** HTTP/2 over cleartext with prior knowledge (h2c). */
  HTTP2
}
