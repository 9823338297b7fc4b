package io.portico.proxy.upstream;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.portico.proxy.config.CircuitBreakerConfig;

/**
 * A pooled connection lent for one try of one request of a cluster: holds the cluster's request
 * slot ({@link CircuitBreakerConfig#maxRequests()}) until released, and tells the cluster's outlier
 * detection how the try went: the response status, or a close before any status.
 */
final class GuardedConnection implements UpstreamConnection, UpstreamListener {
  private final UpstreamConnection connection;
  private final UpstreamCluster cluster;
  private final EndpointHealth health;
  private UpstreamListener listener;
  private boolean hasStatus;
  private boolean isReleased;

  GuardedConnection(UpstreamConnection connection, UpstreamCluster cluster, EndpointHealth health) {
    this.connection = connection;
    this.cluster = cluster;
    this.health = health;
  }

  @Override
  public Channel channel() {
    return connection.channel();
  }

  @Override
  public EndpointStats stats() {
    return connection.stats();
  }

  @Override
  public boolean isReused() {
    return connection.isReused();
  }

  @Override
  public void attach(UpstreamListener listener) {
    this.listener = listener;
    connection.attach(this);
  }

  @Override
  public void release(boolean reusable) {
    if (!isReleased) {
      isReleased = true;
      cluster.requestFinished();
      listener = null;
      connection.release(reusable);
    }
  }

  @Override
  public void onResponseObject(HttpObject object) {
    if (!hasStatus && object instanceof HttpResponse response && response.status().code() >= 200) {
      hasStatus = true;
      cluster.onStatus(health, response.status().code());
    }
    UpstreamListener current = listener;
    if (current != null) {
      current.onResponseObject(object);
    } else {
      io.netty.util.ReferenceCountUtil.release(object);
    }
  }

  @Override
  public void onResponseReadComplete() {
    UpstreamListener current = listener;
    if (current != null) {
      current.onResponseReadComplete();
    }
  }

  @Override
  public void onUpstreamWritabilityChanged(boolean isWritable) {
    UpstreamListener current = listener;
    if (current != null) {
      current.onUpstreamWritabilityChanged(isWritable);
    }
  }

  @Override
  public void onUpstreamClosed(Throwable cause) {
    if (!hasStatus) {
      hasStatus = true;
      if (!connection.isReused()) {
        // A reused keep-alive connection closed by the server while idle is not the endpoint's
        // failure (the exchange sends the request again).
        cluster.onLocalFailure(health);
      }
    }
    UpstreamListener current = listener;
    if (current != null) {
      current.onUpstreamClosed(cause);
    }
  }
}
