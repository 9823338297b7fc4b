/**
 * The {@code portico-cp} process: {@link io.portico.cp.PorticoCp} parses the command line, {@link
 * io.portico.cp.ControlPlane} wires the store, the API, the diagnostics server and the leader jobs
 * together and owns their lifecycle. Start and stop run on the caller's thread; leader jobs run on
 * one {@code leader-jobs} thread.
 */
package io.portico.cp;
