package io.portico.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.portico.proxy.transport.LoopTimeouts;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The server-side HTTP/1.x codec of a downstream connection: Netty's strict request decoder (RFC
 * 9112 framing: both Transfer-Encoding and Content-Length, or several Content-Length, make the
 * request invalid) with a request headers timer, and a response encoder that knows which request
 * each response answers (no body for HEAD).
 *
 * <p>The timer starts with the first byte of a request and stops when its headers are complete (as
 * Envoy's {@code request_headers_timeout}); when it fires, {@link RequestHeadersTimeoutEvent} goes
 * down the pipeline.
 */
final class DownstreamHttpCodec
    extends CombinedChannelDuplexHandler<
        DownstreamHttpCodec.RequestDecoder, DownstreamHttpCodec.ResponseEncoder> {
  /** Largest body piece handed on at once. */
  static final int MAX_CHUNK_BYTES = 64 * 1024;

  private final ArrayDeque<HttpMethod> methods = new ArrayDeque<>(4);

  DownstreamHttpCodec(int maxHeaderBytes, Duration requestHeadersTimeout) {
    HttpDecoderConfig config =
        new HttpDecoderConfig()
            .setMaxInitialLineLength(maxHeaderBytes)
            .setMaxHeaderSize(maxHeaderBytes)
            .setMaxChunkSize(MAX_CHUNK_BYTES)
            .setValidateHeaders(true)
            .setAllowDuplicateContentLengths(false)
            .setStrictLineParsing(true)
            .setUseRfc9112TransferEncoding(true);
    init(new RequestDecoder(config, requestHeadersTimeout), new ResponseEncoder());
  }

  final class RequestDecoder extends HttpRequestDecoder {
    private final long timeoutNanos;
    private boolean awaitsHead = true;
    private LoopTimeouts.Queue timers;
    private LoopTimeouts.Timeout timer;
    private ChannelHandlerContext ctx;
    private final Runnable onTimeout =
        () -> {
          timer = null;
          ctx.fireUserEventTriggered(RequestHeadersTimeoutEvent.INSTANCE);
        };

    RequestDecoder(HttpDecoderConfig config, Duration timeout) {
      super(config);
      this.timeoutNanos = timeout.toNanos();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out)
        throws Exception {
      if (awaitsHead && timer == null && timeoutNanos > 0 && buffer.isReadable()) {
        if (timers == null) {
          this.ctx = ctx;
          timers = LoopTimeouts.queue(ctx.executor(), timeoutNanos);
        }
        timer = timers.arm(onTimeout);
      }
      int before = out.size();
      super.decode(ctx, buffer, out);
      for (int i = before; i < out.size(); i++) {
        Object decoded = out.get(i);
        if (decoded instanceof HttpRequest request) {
          awaitsHead = false;
          cancelTimer();
          methods.add(request.method());
        }
        if (decoded instanceof LastHttpContent) {
          awaitsHead = true;
        }
      }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
      cancelTimer();
      super.handlerRemoved0(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      cancelTimer();
      super.channelInactive(ctx);
    }

    private void cancelTimer() {
      if (timer != null) {
        timer.cancel();
        timer = null;
      }
    }
  }

  final class ResponseEncoder extends HttpResponseEncoder {
    private HttpMethod method;

    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse response) {
      // An informational response is not the final answer: its request stays queued.
      method =
          response.status().codeClass() == HttpStatusClass.INFORMATIONAL
              ? methods.peek()
              : methods.poll();
      return HttpMethod.HEAD.equals(method) || super.isContentAlwaysEmpty(response);
    }
  }
}
