package io.portico.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
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
 *
 * <p>Strict HTTP/1.1 (docs/proxy-data-plane.md "Strict HTTP/1.1"). Netty's decoder, configured
 * here, already refuses malformed chunked framing: a chunk size that is not 1*HEXDIG (only
 * whitespace before a {@code ;} extension is allowed, RFC 9112 §7.1.1), a size above 2^31-1, a
 * chunk-size or trailer line ending in a bare LF (strict line parsing), chunk data not followed by
 * exactly CRLF. It hands such a body on as a failed last content, which {@link HttpProxyHandler}
 * answers with 400 and a close, abandoning the upstream request. So no pre-decoder re-parses the
 * body: it would track the framing of every chunked body a second time, and could come to disagree
 * with the parser that frames the request (its one extra rule would be refusing zero-padded sizes
 * of more than 16 digits, whose value Netty bounds anyway). What the decoder lets through is
 * checked in its two protected hooks, on strings it has already made, without allocating for a
 * valid request:
 *
 * <pre>
 *   request line ─▶ createMessage: HTTP-version exactly HTTP/1.0 or HTTP/1.1 (RFC 9112 §2.3;
 *        │                         Netty upper-cases the token, and accepts HTTP/1.2 and HTTP/2.0)
 *   header lines ─▶ isContentAlwaysEmpty, called once when the headers are complete:
 *        │            at most 100 field lines (431; Envoy's max_headers_count),
 *        │            Host in HTTP/1.1 (RFC 9112 §3.2),
 *        │            an absolute-form target's authority replaces Host, and the target becomes
 *        │            origin-form (RFC 9112 §3.2.2)
 *        ▼
 *   chunked body (Netty's framing checks) ─▶ HttpRequest, HttpContent..., LastHttpContent
 * </pre>
 *
 * A check that fails throws inside the decoder, which marks the request failed and discards the
 * rest of the connection's bytes: nothing behind a refused head is decoded.
 */
final class DownstreamHttpCodec
    extends CombinedChannelDuplexHandler<
        DownstreamHttpCodec.RequestDecoder, DownstreamHttpCodec.ResponseEncoder> {
  /** Largest body piece handed on at once. */
  static final int MAX_CHUNK_BYTES = 64 * 1024;

  /** Header field lines a request may have (Envoy's default {@code max_headers_count}). */
  static final int MAX_HEADER_FIELDS = 100;

  private static final String HTTP_1_0 = "HTTP/1.0";
  private static final String HTTP_1_1 = "HTTP/1.1";

  /**
   * The characters of an authority without userinfo (RFC 3986 §3.2.2, §3.2.3): unreserved,
   * pct-encoded, sub-delims, {@code :} and the brackets of an IP literal. {@code @} is not one.
   */
  private static final boolean[] AUTHORITY_CHARS = new boolean[128];

  static {
    String allowed = "-._~%!$&'()*+,;=:[]";
    for (char c = 'a'; c <= 'z'; c++) {
      AUTHORITY_CHARS[c] = true;
      AUTHORITY_CHARS[Character.toUpperCase(c)] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      AUTHORITY_CHARS[c] = true;
    }
    for (int i = 0; i < allowed.length(); i++) {
      AUTHORITY_CHARS[allowed.charAt(i)] = true;
    }
  }

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

    /** The request line: the HTTP-version token must be exactly one of the two we speak. */
    @Override
    protected HttpMessage createMessage(String[] initialLine) throws Exception {
      String version = initialLine[2];
      if (!HTTP_1_1.equals(version) && !HTTP_1_0.equals(version)) {
        throw new IllegalArgumentException(
            "HTTP-version must be HTTP/1.0 or HTTP/1.1 (RFC 9112 §2.3), got: " + version);
      }
      return super.createMessage(initialLine);
    }

    /**
     * Netty calls this once per request, when its headers are complete and before it looks at the
     * body: the checks of the whole head run here, so that a refusal stops the decoder.
     */
    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage message) {
      HttpRequest request = (HttpRequest) message;
      HttpHeaders headers = request.headers();
      if (headers.size() > MAX_HEADER_FIELDS) {
        throw new TooLongHttpHeaderException(
            "more than " + MAX_HEADER_FIELDS + " header fields: " + headers.size());
      }
      if (HttpVersion.HTTP_1_1.equals(request.protocolVersion())
          && !headers.contains(HttpHeaderNames.HOST)) {
        throw new IllegalArgumentException("HTTP/1.1 request without Host (RFC 9112 §3.2)");
      }
      String target = request.uri();
      if (!target.isEmpty() && target.charAt(0) != '/') {
        toOriginForm(request, target);
      }
      return super.isContentAlwaysEmpty(message);
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

  /**
   * An absolute-form target (RFC 9112 §3.2.2: {@code http://foo.example.com/x}): its authority
   * replaces Host, for routing and upstream alike, and the target becomes origin-form ({@code /x};
   * {@code /} when the path is empty, RFC 9112 §3.2.1). The scheme must be http or https, the
   * authority non-empty (RFC 9110 §4.2.1) and without userinfo (RFC 9110 §4.2.4). Other targets
   * that do not start with {@code /} (asterisk-form, CONNECT's authority-form) are left alone.
   */
  private static void toOriginForm(HttpRequest request, String target) {
    int schemeEnd = target.indexOf("://");
    if (schemeEnd < 0) {
      return;
    }
    boolean isHttp =
        schemeEnd == 4
            ? target.regionMatches(true, 0, "http", 0, 4)
            : schemeEnd == 5 && target.regionMatches(true, 0, "https", 0, 5);
    if (!isHttp) {
      throw new IllegalArgumentException("absolute-form target of another scheme than http(s)");
    }
    int authorityStart = schemeEnd + 3;
    int authorityEnd = authorityStart;
    while (authorityEnd < target.length()) {
      char c = target.charAt(authorityEnd);
      if (c == '/' || c == '?') {
        break;
      }
      if (c >= AUTHORITY_CHARS.length || !AUTHORITY_CHARS[c]) {
        throw new IllegalArgumentException(
            "absolute-form authority with userinfo or an invalid character: 0x"
                + Integer.toHexString(c));
      }
      authorityEnd++;
    }
    if (authorityEnd == authorityStart) {
      throw new IllegalArgumentException("absolute-form target with an empty host");
    }
    if (request.headers().getAll(HttpHeaderNames.HOST).size() > 1) {
      // Replacing them would hide what RFC 9112 §3.2 refuses.
      throw new IllegalArgumentException("several Host header fields");
    }
    request.headers().set(HttpHeaderNames.HOST, target.substring(authorityStart, authorityEnd));
    request.setUri(
        authorityEnd == target.length() || target.charAt(authorityEnd) == '?'
            ? "/" + target.substring(authorityEnd)
            : target.substring(authorityEnd));
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
