package io.portico.proxy.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Makes what Netty's HTTP/2 stream codec reads look like what the HTTP/1.x decoder reads, so that
 * one proxy handler serves both: a request complete in its HEADERS frame arrives as a head and a
 * last content; a request whose body follows without {@code content-length} is marked chunked (its
 * HTTP/1.1 upstream needs framing); Netty's own {@code x-http2-*} headers are removed.
 */
final class Http2RequestAdapter extends ChannelInboundHandlerAdapter {
  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof FullHttpRequest full) {
      HttpRequest head =
          new DefaultHttpRequest(full.protocolVersion(), full.method(), full.uri(), full.headers());
      head.setDecoderResult(full.decoderResult());
      HeaderRewrites.removeHttp2Extensions(head.headers());
      if (full.content().isReadable() && !HttpUtil.isContentLengthSet(head)) {
        HttpUtil.setContentLength(head, full.content().readableBytes());
      }
      ctx.fireChannelRead(head);
      ctx.fireChannelRead(new DefaultLastHttpContent(full.content(), full.trailingHeaders()));
      return;
    }
    if (msg instanceof HttpRequest request) {
      HeaderRewrites.removeHttp2Extensions(request.headers());
      if (!HttpUtil.isContentLengthSet(request)) {
        request.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      }
    }
    ctx.fireChannelRead(msg);
  }
}
