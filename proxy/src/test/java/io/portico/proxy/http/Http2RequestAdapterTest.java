package io.portico.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.HttpConversionUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** HTTP/2 requests reach the proxy handler shaped like HTTP/1.1 ones. */
class Http2RequestAdapterTest {
  @Test
  void requestCompleteInItsHeadersBecomesHeadAndLastContent() {
    EmbeddedChannel channel = new EmbeddedChannel(new Http2RequestAdapter());
    FullHttpRequest full = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/a");
    full.headers().set(HttpConversionUtil.ExtensionHeaderNames.STREAM_ID.text(), "3");
    full.headers().set(HttpConversionUtil.ExtensionHeaderNames.SCHEME.text(), "https");
    channel.writeInbound(full);
    HttpRequest head = channel.readInbound();
    assertThat(head).isNotInstanceOf(FullHttpRequest.class);
    assertThat(head.headers().names()).doesNotContain("x-http2-stream-id", "x-http2-scheme");
    assertThat(head.headers().contains("transfer-encoding")).isFalse();
    LastHttpContent last = channel.readInbound();
    assertThat(last.content().isReadable()).isFalse();
    last.release();
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void bodyWithoutContentLengthIsMarkedChunkedForHttp1Upstreams() {
    EmbeddedChannel channel = new EmbeddedChannel(new Http2RequestAdapter());
    channel.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/a"));
    HttpRequest head = channel.readInbound();
    assertThat(head.headers().get("transfer-encoding")).isEqualTo("chunked");
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void bodyWithContentLengthKeepsIt() {
    EmbeddedChannel channel = new EmbeddedChannel(new Http2RequestAdapter());
    HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/a");
    request.headers().set("content-length", "5");
    channel.writeInbound(request);
    HttpRequest head = channel.readInbound();
    assertThat(head.headers().get("content-length")).isEqualTo("5");
    assertThat(head.headers().contains("transfer-encoding")).isFalse();
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void fullRequestWithBodyGetsItsLength() {
    EmbeddedChannel channel = new EmbeddedChannel(new Http2RequestAdapter());
    channel.writeInbound(
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1,
            HttpMethod.POST,
            "/a",
            Unpooled.copiedBuffer("hello", StandardCharsets.UTF_8)));
    HttpRequest head = channel.readInbound();
    assertThat(head.headers().get("content-length")).isEqualTo("5");
    LastHttpContent last = channel.readInbound();
    assertThat(last.content().toString(StandardCharsets.UTF_8)).isEqualTo("hello");
    last.release();
    assertThat(channel.finish()).isFalse();
  }
}
