/**
 * Fault injection at sidecar inbounds (FaultInjection, spec core.md §3.4, gateway.md §4.1): the
 * compiled faults of a listener ({@link io.portico.proxy.fault.FaultTable}) and the decision taken
 * for one request from its {@code x-kuma-tags} header. Applying the decision (abort, delay on the
 * event loop, throttled response) is the HTTP handler's.
 *
 * <p>Threading: immutable tables shared by every event loop; deciding allocates only when a fault
 * fires.
 */
package io.portico.proxy.fault;
