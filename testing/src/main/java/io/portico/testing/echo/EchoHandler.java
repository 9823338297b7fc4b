package io.portico.testing.echo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a request with a JSON description of it:
 *
 * <pre>{@code
 * {"instance": "backend-1", "method": "GET", "path": "/a", "query": "x=1",
 *  "headers": {"host": "example.com", "x-multi": ["1", "2"]},
 *  "body": "...", "bodyBytes": 3, "protocol": "HTTP/1.1"}
 * }</pre>
 *
 * Header names are lower case; a header sent several times is a list. The body is decoded as UTF-8
 * and cut at {@link #MAX_ECHOED_BODY_BYTES}. {@code /status/{code}} answers with that status (200
 * to 599), {@code /delay/{ms}} answers after that many milliseconds. Every other request answers
 * the server's current status (200 unless started with {@code --status}); {@code POST
 * /echo/status/{code}} changes it for later requests and answers 204 — tests use it to make one
 * instance fail and recover. HTTP/2 pseudo-header translations ({@code x-http2-*}) are not echoed.
 */
final class EchoHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  /** Body bytes echoed back at most. */
  static final int MAX_ECHOED_BODY_BYTES = 64 * 1024;

  private static final Logger log = LoggerFactory.getLogger(EchoHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STATUS_PREFIX = "/status/";
  private static final String DELAY_PREFIX = "/delay/";
  private static final String SET_STATUS_PREFIX = "/echo/status/";

  private final String instance;
  private final AtomicInteger currentStatus;

  EchoHandler(String instance, AtomicInteger currentStatus) {
    this.instance = instance;
    this.currentStatus = currentStatus;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    String uri = request.uri();
    int question = uri.indexOf('?');
    String path = question < 0 ? uri : uri.substring(0, question);
    String query = question < 0 ? "" : uri.substring(question + 1);
    boolean http2 = ctx.channel() instanceof Http2StreamChannel;
    boolean keepAlive = http2 || HttpUtil.isKeepAlive(request);
    boolean head = HttpMethod.HEAD.equals(request.method());

    Map<String, Object> echo = new LinkedHashMap<>();
    echo.put("instance", instance);
    echo.put("method", request.method().name());
    echo.put("path", path);
    echo.put("query", query);
    echo.put("headers", headers(request));
    ByteBuf content = request.content();
    int bodyBytes = content.readableBytes();
    echo.put(
        "body",
        content.toString(
            content.readerIndex(),
            Math.min(bodyBytes, MAX_ECHOED_BODY_BYTES),
            StandardCharsets.UTF_8));
    echo.put("bodyBytes", bodyBytes);
    echo.put("protocol", http2 ? "HTTP/2.0" : request.protocolVersion().text());

    if (path.startsWith(SET_STATUS_PREFIX) && HttpMethod.POST.equals(request.method())) {
      HttpResponseStatus next = statusFrom(path.substring(SET_STATUS_PREFIX.length()));
      boolean valid = next != HttpResponseStatus.BAD_REQUEST || path.endsWith("/400");
      if (valid) {
        currentStatus.set(next.code());
      }
      write(
          ctx,
          response(
              valid ? HttpResponseStatus.NO_CONTENT : HttpResponseStatus.BAD_REQUEST,
              echo,
              head,
              http2,
              keepAlive),
          keepAlive);
      return;
    }
    HttpResponseStatus status = HttpResponseStatus.valueOf(currentStatus.get());
    long delayMillis = 0;
    if (path.startsWith(STATUS_PREFIX)) {
      status = statusFrom(path.substring(STATUS_PREFIX.length()));
    } else if (path.startsWith(DELAY_PREFIX)) {
      delayMillis = delayFrom(path.substring(DELAY_PREFIX.length()));
      if (delayMillis < 0) {
        status = HttpResponseStatus.BAD_REQUEST;
        delayMillis = 0;
      }
    }
    FullHttpResponse response = response(status, echo, head, http2, keepAlive);
    if (delayMillis > 0) {
      ctx.executor()
          .schedule(() -> write(ctx, response, keepAlive), delayMillis, TimeUnit.MILLISECONDS);
    } else {
      write(ctx, response, keepAlive);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.atDebug()
        .addKeyValue("instance", instance)
        .setCause(cause)
        .log("echo connection failed, closing it");
    ctx.close();
  }

  private static Map<String, Object> headers(FullHttpRequest request) {
    Map<String, Object> headers = new LinkedHashMap<>();
    for (String name : request.headers().names()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.startsWith("x-http2-")) {
        continue;
      }
      List<String> values = request.headers().getAll(name);
      headers.put(lower, values.size() == 1 ? values.get(0) : values);
    }
    return headers;
  }

  private static HttpResponseStatus statusFrom(String code) {
    try {
      int value = Integer.parseInt(code);
      return value >= 200 && value <= 599
          ? HttpResponseStatus.valueOf(value)
          : HttpResponseStatus.BAD_REQUEST;
    } catch (NumberFormatException e) {
      return HttpResponseStatus.BAD_REQUEST;
    }
  }

  private static long delayFrom(String millis) {
    try {
      long value = Long.parseLong(millis);
      return value >= 0 && value <= TimeUnit.MINUTES.toMillis(10) ? value : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private FullHttpResponse response(
      HttpResponseStatus status,
      Map<String, Object> echo,
      boolean head,
      boolean http2,
      boolean keepAlive) {
    byte[] json;
    try {
      json = JSON.writeValueAsBytes(echo);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode the echo of a request", e);
    }
    boolean noBody = status.code() == 204 || status.code() == 304;
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            status,
            head || noBody ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(json));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    response.headers().set("x-echo-instance", instance);
    if (!noBody) {
      response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, json.length);
    }
    if (!http2) {
      HttpUtil.setKeepAlive(response, keepAlive);
    }
    return response;
  }

  private static void write(
      ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
    if (!ctx.channel().isActive()) {
      response.release();
      return;
    }
    if (keepAlive) {
      ctx.writeAndFlush(response, ctx.voidPromise());
    } else {
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
