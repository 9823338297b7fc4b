/**
 * Request tracing (TrafficTrace with a mesh zipkin backend, spec core.md §1.3 and §3.4, gateway.md
 * §4.1): the per-listener settings ({@link io.portico.proxy.tracing.TracingConfig}), the B3 / W3C
 * context of a request ({@link io.portico.proxy.tracing.TraceContext}), the recorder that sits in
 * the HTTP pipeline and makes one span per request ({@link
 * io.portico.proxy.tracing.HttpTracingHandler}), and the exporters that POST spans in batches to a
 * Zipkin collector (JSON v2).
 *
 * <p>Threading: the recorder runs on its connection's event loop; it parses headers, makes ids,
 * fills a span and offers it to an exporter's bounded queue (never blocking: a full queue drops the
 * span and counts it). Each exporter owns one thread that encodes and sends batches.
 */
package io.portico.proxy.tracing;
