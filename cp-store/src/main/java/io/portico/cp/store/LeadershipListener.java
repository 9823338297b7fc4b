package io.portico.cp.store;

/** Told when this control-plane instance becomes or stops being the leader. */
public interface LeadershipListener {
  void leadershipAcquired();

  void leadershipLost();
}
