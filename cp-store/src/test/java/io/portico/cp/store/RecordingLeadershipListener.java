package io.portico.cp.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records "acquired" and "lost", in order. */
public final class RecordingLeadershipListener implements LeadershipListener {
  private final List<String> events = new CopyOnWriteArrayList<>();

  @Override
  public void leadershipAcquired() {
    events.add("acquired");
  }

  @Override
  public void leadershipLost() {
    events.add("lost");
  }

  public List<String> events() {
    return List.copyOf(events);
  }
}
