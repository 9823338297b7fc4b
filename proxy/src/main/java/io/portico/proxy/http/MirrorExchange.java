package io.portico.proxy.http;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.portico.proxy.bind.BoundCluster;
import io.portico.proxy.bind.BoundEndpoint;
import io.portico.proxy.upstream.UpstreamConnection;
import io.portico.proxy.upstream.UpstreamListener;
import io.portico.proxy.upstream.UpstreamPools;
import java.util.ArrayDeque;

/**
 * A fire-and-forget copy of a forwarded request (spec gateway.md §3.4, mirrors): its Host gets
 * {@code -shadow} appended, its response is read and dropped. A mirror never slows the request it
 * copies: when its connection cannot keep up (or buffered too much before connecting), the copy is
 * abandoned.
 */
final class MirrorExchange implements UpstreamListener {
  /** Body bytes buffered while connecting, beyond which the copy is abandoned. */
  static final int MAX_BUFFERED_BYTES = 1024 * 1024;

  private final ArrayDeque<HttpContent> buffered = new ArrayDeque<>(2);
  private final HttpRequest head;
  private UpstreamConnection upstream;
  private long bufferedBytes;
  private boolean isRequestComplete;
  private boolean isAbandoned;
  private boolean keepAlive;

  private MirrorExchange(HttpRequest head) {
    this.head = head;
  }

  /** Starts copying a request whose (rewritten) head is {@code original}. */
  static MirrorExchange start(
      UpstreamPools pools, EventLoop loop, BoundCluster cluster, HttpRequest original) {
    HttpRequest head =
        new DefaultHttpRequest(
            original.protocolVersion(),
            original.method(),
            original.uri(),
            original.headers().copy());
    String host = head.headers().get(HttpHeaderNames.HOST);
    if (host != null) {
      head.headers().set(HttpHeaderNames.HOST, shadowHost(host));
    }
    MirrorExchange mirror = new MirrorExchange(head);
    BoundEndpoint endpoint = pools.pick(cluster);
    if (endpoint == null) {
      mirror.isAbandoned = true;
      return mirror;
    }
    pools
        .acquire(loop, cluster, endpoint)
        .addListener((Future<UpstreamConnection> f) -> mirror.onAcquired(f));
    return mirror;
  }

  /** {@code host-shadow}, before any port: {@code a.com:8080} → {@code a.com-shadow:8080}. */
  static String shadowHost(String host) {
    int colon = host.lastIndexOf(':');
    if (colon > 0 && host.indexOf(']') < colon && host.indexOf(':') == colon) {
      return host.substring(0, colon) + "-shadow" + host.substring(colon);
    }
    return host + "-shadow";
  }

  private void onAcquired(Future<UpstreamConnection> future) {
    if (!future.isSuccess()) {
      abandon();
      return;
    }
    if (isAbandoned) {
      future.getNow().release(true);
      return;
    }
    upstream = future.getNow();
    upstream.stats().requestStarted();
    upstream.attach(this);
    upstream.channel().write(head);
    HttpContent content;
    while ((content = buffered.poll()) != null) {
      upstream.channel().write(content);
    }
    upstream.channel().flush();
    upstream.channel().read();
  }

  /** A piece of the original request body: a copy is sent (the caller keeps the original). */
  void onRequestContent(HttpContent content) {
    boolean isLast = content instanceof LastHttpContent;
    if (isLast) {
      isRequestComplete = true;
    }
    if (isAbandoned) {
      return;
    }
    HttpContent copy =
        isLast
            ? new DefaultLastHttpContent(
                content.content().retainedDuplicate(),
                ((LastHttpContent) content).trailingHeaders().copy())
            : new DefaultHttpContent(content.content().retainedDuplicate());
    if (upstream == null) {
      bufferedBytes += copy.content().readableBytes();
      buffered.add(copy);
      if (bufferedBytes > MAX_BUFFERED_BYTES) {
        abandon();
      }
    } else if (upstream.channel().isWritable() || isLast) {
      upstream.channel().writeAndFlush(copy);
    } else {
      copy.release();
      abandon();
    }
  }

  /** Gives up the copy (the original request was cut, or the mirror is too slow). */
  void abandon() {
    if (isAbandoned) {
      return;
    }
    isAbandoned = true;
    HttpContent content;
    while ((content = buffered.poll()) != null) {
      content.release();
    }
    release(false, true);
  }

  private void release(boolean reusable, boolean failed) {
    if (upstream != null) {
      UpstreamConnection released = upstream;
      upstream = null;
      released.stats().requestFinished(failed);
      released.release(reusable);
    }
  }

  @Override
  public void onResponseObject(HttpObject object) {
    if (object instanceof io.netty.handler.codec.http.HttpResponse response) {
      keepAlive = HttpUtil.isKeepAlive(response);
    }
    boolean isLast = object instanceof LastHttpContent;
    ReferenceCountUtil.release(object);
    if (isLast && !isAbandoned) {
      isAbandoned = true;
      release(keepAlive && isRequestComplete, false);
    }
  }

  @Override
  public void onResponseReadComplete() {
    if (upstream != null) {
      upstream.channel().read();
    }
  }

  @Override
  public void onUpstreamWritabilityChanged(boolean isWritable) {}

  @Override
  public void onUpstreamClosed(Throwable cause) {
    abandon();
  }
}
