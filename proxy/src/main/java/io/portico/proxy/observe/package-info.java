/**
 * What watches the HTTP exchanges of a connection without taking part in them: {@link
 * io.portico.proxy.observe.RequestRecorder}, the base of the access-log and tracing handlers.
 *
 * <p>Threading: a recorder belongs to one connection (or HTTP/2 stream) and runs on its event loop.
 */
package io.portico.proxy.observe;
