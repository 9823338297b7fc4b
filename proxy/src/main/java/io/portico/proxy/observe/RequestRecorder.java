package io.portico.proxy.observe;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;

/**
 * Keeps one record per HTTP request of a connection (or HTTP/2 stream), sitting before the proxy
 * handler: started by the request head on the way in, filled by the response on the way out, and
 * finished when the last byte of the response is written, or when the connection closes first.
 * Responses come in request order, so the oldest record is the one being answered; informational
 * (1xx) responses are passed by.
 *
 * @param <R> the record: an access log entry, a span
 */
public abstract class RequestRecorder<R> extends ChannelDuplexHandler {
  /** Stands for a request that records nothing. */
  private static final Object NOT_RECORDED = new Object();

  private final ArrayDeque<Object> inFlight = new ArrayDeque<>(2);

  /** The record of {@code request}, or {@code null} when it records nothing. */
  protected abstract R start(ChannelHandlerContext ctx, HttpRequest request);

  /** Request body bytes arrived for the newest record. */
  protected void requestBytes(R record, int bytes) {}

  /** The response head of {@code record} is written. */
  protected abstract void responseHead(R record, HttpResponse response);

  /** Response body bytes of {@code record} are written. */
  protected abstract void responseBytes(R record, int bytes);

  /** The last byte of the response was written, or the connection closed first. */
  protected abstract void finish(R record);

  /** The connection closed before the whole response of {@code record} was written. */
  protected abstract void closedEarly(R record);

  /** The record of the request being answered; null when it records nothing. */
  @SuppressWarnings("unchecked")
  protected R currentRecord() {
    Object head = inFlight.peekFirst();
    return head == null || head == NOT_RECORDED ? null : (R) head;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request) {
      R record = start(ctx, request);
      inFlight.addLast(record == null ? NOT_RECORDED : record);
    }
    if (msg instanceof HttpContent content) {
      Object newest = inFlight.peekLast();
      if (newest != null && newest != NOT_RECORDED) {
        requestBytes((R) newest, content.content().readableBytes());
      }
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    R record = currentRecord();
    if (!inFlight.isEmpty()) {
      if (msg instanceof HttpResponse response) {
        if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
          ctx.write(msg, promise);
          return;
        }
        if (record != null) {
          responseHead(record, response);
        }
      }
      if (msg instanceof HttpContent content && record != null) {
        responseBytes(record, content.content().readableBytes());
      }
      if (msg instanceof LastHttpContent) {
        inFlight.pollFirst();
        if (record != null) {
          finish(record);
        }
      }
    }
    ctx.write(msg, promise);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void channelInactive(ChannelHandlerContext ctx) {
    Object head;
    while ((head = inFlight.pollFirst()) != null) {
      if (head != NOT_RECORDED) {
        closedEarly((R) head);
        finish((R) head);
      }
    }
    ctx.fireChannelInactive();
  }
}
