package io.portico.it.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * What cluster DNS and kube-proxy do for the pods of the one node, for the Services whose pods run
 * as local processes: {@code <service>.<namespace>[.svc[.cluster.local]]} resolves to 127.0.0.1 and
 * a Service port leads to the port the process really bound (no two processes on one host can share
 * a port, as pods in their own network namespaces do).
 *
 * <p>JVM programs (portico-dp in the generated pods) resolve names from {@link #hostsFile()}
 * through {@code -Djdk.net.hosts.file}, so the pod spec's {@code
 * https://kuma-control-plane.kuma-system:<port>} is used as generated, and the control plane's
 * certificate is checked against that name.
 */
final class ClusterNetwork {
  private final Path hostsFile;
  private final Map<String, InetSocketAddress> services = new TreeMap<>();

  ClusterNetwork(Path dir) {
    this.hostsFile = dir.resolve("hosts");
    write();
  }

  /** Makes port {@code port} of Service {@code namespace/name} lead to 127.0.0.1:{@code bound}. */
  synchronized void expose(String namespace, String name, int port, int bound) {
    services.put(
        key(namespace, name, port), new InetSocketAddress(InetAddress.getLoopbackAddress(), bound));
    write();
  }

  /** Where a connection to port {@code port} of Service {@code namespace/name} goes. */
  synchronized InetSocketAddress serviceAddress(String namespace, String name, int port) {
    InetSocketAddress address = services.get(key(namespace, name, port));
    if (address == null) {
      throw new IllegalStateException(
          "nothing serves port " + port + " of Service " + namespace + "/" + name);
    }
    return address;
  }

  /** The hosts file of the cluster's names, for {@code -Djdk.net.hosts.file}. */
  Path hostsFile() {
    return hostsFile;
  }

  /** The JVM option that makes a program resolve names as a pod of this cluster does. */
  String jvmOption() {
    return "-Djdk.net.hosts.file=" + hostsFile;
  }

  private static String key(String namespace, String name, int port) {
    return namespace + "/" + name + ":" + port;
  }

  private void write() {
    StringBuilder hosts = new StringBuilder("127.0.0.1 localhost");
    try {
      hosts.append(' ').append(InetAddress.getLocalHost().getHostName());
    } catch (UnknownHostException e) {
      // the host's own name is not needed by the programs; leave it out
    }
    hosts.append("\n::1 localhost ip6-localhost\n");
    services.keySet().stream()
        .map(k -> k.substring(0, k.indexOf(':')))
        .distinct()
        .forEach(
            service -> {
              String[] parts = service.split("/");
              String name = parts[1] + "." + parts[0];
              hosts
                  .append("127.0.0.1 ")
                  .append(name)
                  .append(' ')
                  .append(name)
                  .append(".svc ")
                  .append(name)
                  .append(".svc.cluster.local\n");
            });
    try {
      Files.createDirectories(hostsFile.getParent());
      Files.writeString(hostsFile, hosts);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
