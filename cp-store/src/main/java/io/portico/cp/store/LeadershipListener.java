package io.portico.cp.store;

/** Told when this control-plane instance becomes or stops being the leader. */
public interface LeadershipListener {
  void leadershipAcquired();

  void leadershipLost();

  /** One listener telling each of {@code listeners}, in order. */
  static LeadershipListener all(LeadershipListener... listeners) {
    LeadershipListener[] copy = listeners.clone();
    return new LeadershipListener() {
      @Override
      public void leadershipAcquired() {
        for (LeadershipListener l : copy) {
          l.leadershipAcquired();
        }
      }

      @Override
      public void leadershipLost() {
        for (LeadershipListener l : copy) {
          l.leadershipLost();
        }
      }
    };
  }
}
