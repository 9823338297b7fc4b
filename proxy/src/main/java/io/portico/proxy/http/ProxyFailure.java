package io.portico.proxy.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Every failure the proxy answers itself, and the one place that maps each to its response (spec
 * gateway.md §3.5; bodies are ours).
 */
public enum ProxyFailure {
  /** Malformed or ambiguous request (framing, header names, version). */
  BAD_REQUEST(HttpResponseStatus.BAD_REQUEST, ""),
  /** Request line or headers longer than the listener allows. */
  REQUEST_HEADERS_TOO_LARGE(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, ""),
  /** Request headers not complete in time. */
  REQUEST_TIMEOUT(HttpResponseStatus.REQUEST_TIMEOUT, ""),
  /** An {@code Expect} other than {@code 100-continue}. */
  EXPECTATION_FAILED(HttpResponseStatus.EXPECTATION_FAILED, ""),
  /** No virtual host for the Host, or no route of the virtual host matches. */
  NO_ROUTE(HttpResponseStatus.NOT_FOUND, ""),
  /** The cluster has no endpoint, or none could be connected to (after retries). */
  NO_HEALTHY_UPSTREAM(HttpResponseStatus.SERVICE_UNAVAILABLE, "no healthy upstream"),
  /**
   * A circuit-breaker limit of the cluster (connections, pending requests, requests) is reached.
   */
  UPSTREAM_OVERFLOW(
      HttpResponseStatus.SERVICE_UNAVAILABLE,
      "upstream overflow: circuit breaker limit of the cluster reached"),
  /** The upstream closed or reset the connection before its response started. */
  UPSTREAM_RESET(HttpResponseStatus.SERVICE_UNAVAILABLE, "upstream reset before response started"),
  /** The route's timeout (or the last try's per-try timeout) passed before the response started. */
  UPSTREAM_TIMEOUT(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream request timeout"),
  /**
   * The route entry's RateLimit bucket is empty (status and headers from the policy, default 429;
   * Envoy's body).
   */
  RATE_LIMITED(HttpResponseStatus.TOO_MANY_REQUESTS, "local_rate_limited");

  private final HttpResponseStatus status;
  private final byte[] body;

  ProxyFailure(HttpResponseStatus status, String body) {
    this.status = status;
    this.body = body.getBytes(StandardCharsets.UTF_8);
  }

  public HttpResponseStatus status() {
    return status;
  }

  public String body() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** Envoy's response flag for this failure, for access logs. */
  public String responseFlag() {
    return switch (this) {
      case BAD_REQUEST, REQUEST_HEADERS_TOO_LARGE, EXPECTATION_FAILED -> "DPE";
      case REQUEST_TIMEOUT -> "DT";
      case NO_ROUTE -> "NR";
      case NO_HEALTHY_UPSTREAM -> "UH";
      case UPSTREAM_OVERFLOW -> "UO";
      case RATE_LIMITED -> "RL";
      case UPSTREAM_RESET -> "UC";
      case UPSTREAM_TIMEOUT -> "UT";
    };
  }

  /** A fresh response for this failure (text body when it has one). */
  public FullHttpResponse toResponse() {
    return toResponse(status);
  }

  /** A fresh response for this failure with another status (a policy's choice). */
  public FullHttpResponse toResponse(HttpResponseStatus status) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    if (body.length > 0) {
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN);
    }
    if (this == UPSTREAM_OVERFLOW) {
      // What Envoy sets on a circuit-breaker overflow; clients and tests recognize it.
      response.headers().set("x-envoy-overloaded", "true");
    }
    return response;
  }
}
