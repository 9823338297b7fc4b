package io.portico.proxy.metrics;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.function.LongSupplier;

/**
 * Counts the requests of one connection (or HTTP/2 stream) of an HTTP listener and times them, from
 * the request head to the last byte of the response. Responses come in request order, so the oldest
 * start time is the one being answered; a small ring of start times holds pipelined requests.
 */
public final class HttpMetricsHandler extends ChannelDuplexHandler {
  private final ListenerMeters meters;
  private final LongSupplier nanoTime;
  private long[] starts = new long[2];
  private int head;
  private int size;
  private int status;

  public HttpMetricsHandler(ListenerMeters meters) {
    this(meters, System::nanoTime);
  }

  /** With a monotonic clock (tests pass a fake one). */
  public HttpMetricsHandler(ListenerMeters meters, LongSupplier nanoTime) {
    this.meters = meters;
    this.nanoTime = nanoTime;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest) {
      meters.requestStarted();
      push(nanoTime.getAsLong());
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (size > 0) {
      if (msg instanceof HttpResponse response
          && response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
        status = response.status().code();
      }
      if (msg instanceof LastHttpContent && status != 0) {
        long start = starts[head];
        head = (head + 1) % starts.length;
        size--;
        meters.responded(status, nanoTime.getAsLong() - start);
        status = 0;
      }
    }
    ctx.write(msg, promise);
  }

  private void push(long start) {
    if (size == starts.length) {
      long[] grown = new long[starts.length * 2];
      for (int i = 0; i < size; i++) {
        grown[i] = starts[(head + i) % starts.length];
      }
      starts = grown;
      head = 0;
    }
    starts[(head + size) % starts.length] = start;
    size++;
  }
}
