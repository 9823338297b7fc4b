package io.portico.testing.echo;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.AsciiString;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the echo server's pipelines. A connection starts as HTTP/1.1 and becomes HTTP/2 either
 * when it opens with the HTTP/2 preface (prior knowledge) or through an {@code Upgrade: h2c}
 * request; each HTTP/2 stream gets its own child pipeline.
 *
 * <pre>
 * connection:  CleartextHttp2ServerUpgradeHandler ─┬─ HTTP/1.1: HttpServerCodec ─ HttpServerUpgradeHandler
 *                                                  │            ─ HttpObjectAggregator ─ EchoHandler
 *                                                  └─ HTTP/2:   Http2FrameCodec ─ Http2MultiplexHandler
 * each stream: Http2StreamFrameToHttpObjectCodec ─ HttpObjectAggregator ─ EchoHandler
 * </pre>
 */
final class EchoServerInitializer extends ChannelInitializer<SocketChannel> {
  /** Largest request body accepted (larger ones get 413). */
  static final int MAX_CONTENT_BYTES = 1024 * 1024;

  private final String instance;
  private final AtomicInteger currentStatus;

  EchoServerInitializer(String instance, AtomicInteger currentStatus) {
    this.instance = instance;
    this.currentStatus = currentStatus;
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    HttpServerCodec http1Codec = new HttpServerCodec();
    HttpServerUpgradeHandler upgradeHandler =
        new HttpServerUpgradeHandler(
            http1Codec,
            protocol ->
                AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                    ? new Http2ServerUpgradeCodec(
                        Http2FrameCodecBuilder.forServer().build(),
                        new Http2MultiplexHandler(new StreamInitializer()))
                    : null,
            MAX_CONTENT_BYTES);
    ChannelInitializer<Channel> priorKnowledge =
        new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline()
                .addLast(
                    Http2FrameCodecBuilder.forServer().build(),
                    new Http2MultiplexHandler(new StreamInitializer()));
          }
        };
    channel
        .pipeline()
        .addLast(
            new CleartextHttp2ServerUpgradeHandler(http1Codec, upgradeHandler, priorKnowledge),
            new HttpObjectAggregator(MAX_CONTENT_BYTES),
            new EchoHandler(instance, currentStatus));
  }

  private final class StreamInitializer extends ChannelInitializer<Channel> {
    @Override
    protected void initChannel(Channel stream) {
      stream
          .pipeline()
          .addLast(
              new Http2StreamFrameToHttpObjectCodec(true),
              new HttpObjectAggregator(MAX_CONTENT_BYTES),
              new EchoHandler(instance, currentStatus));
    }
  }
}
