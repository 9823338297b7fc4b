/**
 * FaultInjection at sidecar inbounds (spec/core.md §3.4; spec/gateway.md §4.1: not applied by the
 * gateway, but by the destination's inbound for requests whose {@code x-kuma-tags} match the
 * sources). Pure functions; no I/O, no threads.
 */
package io.portico.cp.compiler.fault;
