/**
 * {@code portico-dp run}: reads flags and {@code PORTICO_*} environment variables (spec/core.md
 * §6.4 with the {@code KUMA_} prefix renamed), renders and checks the dataplane template (§6.5),
 * reads the token, then wires the {@link io.portico.proxy.stream.ConfigStream} to the proxy runtime
 * and waits for a refusal or a termination signal, draining before it exits.
 *
 * <p>Threading: the command runs on the main thread, which blocks until the stream is refused or a
 * signal arrives; signals are delivered on the JVM's signal thread and only complete a future.
 */
package io.portico.proxy.run;
