/**
 * The proxy runtime: the entry point that the {@code portico-dp} main class builds and hands to the
 * stream client as its {@link io.portico.proxy.ConfigSink}. It owns the event loops, the upstream
 * pools, the listeners and the admin server, and applies each config as a whole: compile and
 * validate, bind what is new, swap the config in force atomically, then drain what was removed.
 *
 * <p>Threading: {@link io.portico.proxy.runtime.ProxyRuntime#apply} runs on the caller's thread,
 * one config at a time (it blocks on binds, so never call it from an event loop); the request path
 * only reads the swapped config.
 */
package io.portico.proxy.runtime;
