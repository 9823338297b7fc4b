package io.portico.proxy.accesslog;

import io.netty.handler.codec.http.HttpHeaders;
import java.net.SocketAddress;

/**
 * What one access log line says about a request (HTTP) or a connection (TCP). Filled in on the
 * event loop by a recorder, then formatted once, when the request or connection ends.
 */
public final class AccessLogEntry {
  long startEpochMillis;
  long startNanos;
  long durationMillis = -1;
  String protocol;
  String method;
  String path;
  HttpHeaders requestHeaders;
  HttpHeaders responseHeaders;
  int responseCode;
  long bytesReceived;
  long bytesSent;
  String upstreamHost;
  String upstreamCluster;
  String responseFlags;
  SocketAddress downstreamRemote;
  SocketAddress downstreamLocal;
  boolean isHttp;

  AccessLogEntry() {}

  /** The request was sent to {@code host} ({@code address:port}) of {@code cluster}. */
  public void upstream(String cluster, String host) {
    this.upstreamCluster = cluster;
    this.upstreamHost = host;
  }

  /** Envoy's response flags, e.g. {@code UH}, {@code FI}; the last one set is kept. */
  public void responseFlag(String flag) {
    this.responseFlags = flag;
  }
}
