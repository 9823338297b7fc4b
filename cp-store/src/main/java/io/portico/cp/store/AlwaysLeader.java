package io.portico.cp.store;

import java.util.concurrent.atomic.AtomicBoolean;

/** Leadership for a store that only one control plane uses: leader as soon as it starts. */
public final class AlwaysLeader implements LeaderElection {
  private final AtomicBoolean leader = new AtomicBoolean();
  private volatile LeadershipListener listener;

  @Override
  public void start(LeadershipListener l) {
    this.listener = l;
    if (leader.compareAndSet(false, true)) {
      l.leadershipAcquired();
    }
  }

  @Override
  public boolean isLeader() {
    return leader.get();
  }

  @Override
  public void close() {
    LeadershipListener l = listener;
    if (leader.compareAndSet(true, false) && l != null) {
      l.leadershipLost();
    }
  }
}
