/**
 * Binding a compiled config to this host, and swapping it in: the second and third steps of
 * applying a config (compile → bind → swap). {@link io.portico.proxy.bind.ConfigBinder} resolves
 * endpoint host names and leaves out what this host cannot serve, reusing the previous binding's
 * objects where values are equal; the {@link io.portico.proxy.bind.BoundConfig} it makes is what
 * the request path uses; {@link io.portico.proxy.bind.ActiveConfig} holds the one in force.
 *
 * <p>Threading: binding runs on the thread applying configs (the stream thread, where compiling
 * runs), never on an event loop, one config at a time. Bound objects are immutable apart from the
 * clusters' round-robin positions (lock-free) and shared by every event loop; the active config is
 * swapped atomically and read without locks.
 */
package io.portico.proxy.bind;
