package io.portico.proxy.fault;

/**
 * What the faults of a listener do to one request.
 *
 * @param delayNanos hold the request this long before routing it; 0 = no delay
 * @param abortStatus answer with this status (after the delay); 0 = no abort
 * @param bandwidthBytesPerSecond send the response at most this fast; 0 = unlimited
 */
public record FaultDecision(long delayNanos, int abortStatus, long bandwidthBytesPerSecond) {}
