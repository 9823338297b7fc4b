/**
 * The control plane's REST API as porticoctl uses it (spec/core.md §5): URL layout, requests over
 * {@link java.net.http.HttpClient} with the configured TLS trust, headers and user token, and the
 * translation of failures into messages that name the control plane and say what went wrong. Calls
 * block the calling thread; a client holds no mutable state.
 */
package io.portico.cli.client;
