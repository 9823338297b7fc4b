package io.portico.proxy.transport;

/**
 * Fired through the pipeline of every connection of a listener that was removed from the config:
 * the connection stops taking new requests and closes once its in-flight work is done (at once when
 * idle).
 */
public enum DrainEvent {
  INSTANCE
}
