package io.portico.proxy.http;

/**
 * How one try of a forwarded request ended, as known at the single place where every try ends
 * ({@code ForwardExchange.tryEnded}): what retries decide on, and what endpoint health (outlier
 * detection) may learn from.
 */
enum TryOutcome {
  /** A response head arrived (its status is given alongside). */
  RESPONSE,
  /** No connection could be made to the endpoint. */
  CONNECT_FAILURE,
  /** The connection closed or was reset before the response head. */
  RESET,
  /** The HTTP/2 upstream refused the stream (RST_STREAM REFUSED_STREAM). */
  REFUSED_STREAM,
  /** The per-try timeout (or the route timeout) passed before the response head. */
  TIMEOUT
}
