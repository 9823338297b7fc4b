package io.portico.proxy.http;

/** The request headers timeout passed between the first byte of a request and its last header. */
enum RequestHeadersTimeoutEvent {
  INSTANCE
}
