package io.portico.cp.compiler.plan;

/** Which way a listener's traffic flows. */
public enum TrafficDirection {
  /** Into a service instance this dataplane fronts. */
  INBOUND,
  /** From the local application (or a delegated gateway) to a mesh service. */
  OUTBOUND,
  /** Into a builtin gateway, from outside the mesh. */
  GATEWAY
}
