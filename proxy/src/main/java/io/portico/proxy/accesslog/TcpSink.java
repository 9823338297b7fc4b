package io.portico.proxy.accesslog;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

/**
 * Sends lines to a TCP collector at {@code host:port} (as Envoy's TCP access log does for Kuma):
 * connects (and resolves the host) on the writer thread, reconnects after a failure; lines wait in
 * the bounded queue meanwhile.
 */
final class TcpSink extends QueuedSink {
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private final String host;
  private final int port;
  private Socket socket;
  private OutputStream out;

  TcpSink(String address, int capacity) {
    super("tcp:" + address, capacity);
    int colon = address.lastIndexOf(':');
    String h = address.substring(0, colon);
    this.host = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    this.port = Integer.parseInt(address.substring(colon + 1));
  }

  @Override
  void write(List<String> lines) throws IOException {
    if (out == null) {
      Socket s = new Socket();
      try {
        s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
        s.setTcpNoDelay(true);
      } catch (IOException e) {
        s.close();
        throw e;
      }
      socket = s;
      out = s.getOutputStream();
    }
    writeBatch(out, lines);
  }

  @Override
  void reset() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // The connection is dropped either way.
      }
    }
    socket = null;
    out = null;
  }
}
