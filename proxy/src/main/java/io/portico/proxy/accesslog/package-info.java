/**
 * Access logs (TrafficLog with a mesh logging backend, spec core.md §1.3 and §3.4, gateway.md
 * §4.1): the format compiled once per config ({@link io.portico.proxy.accesslog.AccessLogFormat}),
 * the per-request and per-connection recorders that sit in the HTTP and TCP pipelines, and the
 * sinks that write lines to a file or to a TCP collector.
 *
 * <p>Threading: recorders run on their connection's event loop and only format a line and offer it
 * to a sink's bounded queue (never blocking: a full queue drops the line and counts it). Each sink
 * owns one writer thread that does all the I/O (opening, appending, connecting, reconnecting).
 */
package io.portico.proxy.accesslog;
