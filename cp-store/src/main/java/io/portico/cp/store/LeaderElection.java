package io.portico.cp.store;

/**
 * Elects one leader among the control planes sharing a store, for one-off jobs (default resources,
 * garbage collection). A single-instance store is always the leader.
 */
public interface LeaderElection extends AutoCloseable {
  /**
   * Starts competing. The listener is told on an election thread each time this instance gains or
   * loses leadership.
   */
  void start(LeadershipListener listener);

  boolean isLeader();

  /** Stops competing and gives leadership up. */
  @Override
  void close();
}
