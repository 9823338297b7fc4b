package io.portico.proxy.runtime;

/** The HTTPS listener rules of {@link DownstreamTlsTest} on the JDK TLS provider. */
class DownstreamTlsOnJdkTest extends DownstreamTlsTest {
  @Override
  boolean preferOpenSsl() {
    return false;
  }
}
