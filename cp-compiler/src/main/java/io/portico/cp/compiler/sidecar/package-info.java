/**
 * Dataplanes that are not builtin gateways: a sidecar's inbound listeners (one per served instance,
 * forwarding to the local application) and outbound listeners (one per consumed service, forwarding
 * to its endpoints with the outbound policies), and a delegated gateway's outbounds (spec/core.md
 * §2, §3.2; spec/gateway.md §6). Pure functions; no I/O, no threads.
 */
package io.portico.cp.compiler.sidecar;
