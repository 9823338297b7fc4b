package io.portico.proxy.bind;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Resolves the host name (or IP literal) of an endpoint; {@code InetAddress::getByName} in the
 * proxy, a fake in tests. Called only by {@link ConfigBinder}, on the thread applying configs.
 */
@FunctionalInterface
public interface HostResolver {
  InetAddress resolve(String host) throws UnknownHostException;
}
