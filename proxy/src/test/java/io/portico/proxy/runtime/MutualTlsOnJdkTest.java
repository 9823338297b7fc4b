package io.portico.proxy.runtime;

/** The mutual TLS and authorization rules of {@link MutualTlsTest} on the JDK TLS provider. */
class MutualTlsOnJdkTest extends MutualTlsTest {
  @Override
  boolean preferOpenSsl() {
    return false;
  }
}
