package io.portico.cp.k8s.store;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.portico.cp.store.LeaderElection;
import io.portico.cp.store.LeadershipListener;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership among the control planes of one cluster, on a {@code coordination.k8s.io/v1} Lease in
 * the system namespace (spec/kubernetes.md §8: a Lease instead of Kuma's leader-for-life
 * ConfigMap), with fabric8's leader elector: a leader renews the lease every {@code retryPeriod};
 * one that cannot renew within {@code renewDeadline} gives leadership up; another instance takes
 * the lease once it has not been renewed for {@code leaseDuration}.
 */
public final class LeaseLeaderElection implements LeaderElection {
  private static final Logger log = LoggerFactory.getLogger(LeaseLeaderElection.class);

  private final KubernetesClient client;
  private final String namespace;
  private final String leaseName;
  private final String identity;
  private final Duration leaseDuration;
  private final AtomicBoolean leader = new AtomicBoolean();
  private volatile CompletableFuture<?> running;

  /**
   * @param namespace where the Lease lives
   * @param leaseName the Lease's name
   * @param identity this instance's name in the Lease ({@code holderIdentity})
   * @param leaseDuration how long an unrenewed lease stays held
   */
  public LeaseLeaderElection(
      KubernetesClient client,
      String namespace,
      String leaseName,
      String identity,
      Duration leaseDuration) {
    this.client = Objects.requireNonNull(client, "client");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.leaseName = Objects.requireNonNull(leaseName, "leaseName");
    this.identity = Objects.requireNonNull(identity, "identity");
    this.leaseDuration = Objects.requireNonNull(leaseDuration, "leaseDuration");
  }

  @Override
  public void start(LeadershipListener listener) {
    Duration renewDeadline = leaseDuration.multipliedBy(2).dividedBy(3);
    Duration retryPeriod = leaseDuration.dividedBy(5);
    LeaderElector elector =
        client
            .leaderElector()
            .withConfig(
                new LeaderElectionConfigBuilder()
                    .withName(leaseName)
                    .withLock(new LeaseLock(namespace, leaseName, identity))
                    .withLeaseDuration(leaseDuration)
                    .withRenewDeadline(renewDeadline)
                    .withRetryPeriod(retryPeriod)
                    .withReleaseOnCancel(true)
                    .withLeaderCallbacks(
                        new LeaderCallbacks(
                            () -> {
                              if (leader.compareAndSet(false, true)) {
                                log.info(
                                    "leadership acquired: lease={}/{} identity={}",
                                    namespace,
                                    leaseName,
                                    identity);
                                listener.leadershipAcquired();
                              }
                            },
                            () -> {
                              if (leader.compareAndSet(true, false)) {
                                log.info(
                                    "leadership lost: lease={}/{} identity={}",
                                    namespace,
                                    leaseName,
                                    identity);
                                listener.leadershipLost();
                              }
                            },
                            newLeader ->
                                log.debug(
                                    "leader is {} lease={}/{}", newLeader, namespace, leaseName)))
                    .build())
            .build();
    running = elector.start();
  }

  @Override
  public boolean isLeader() {
    return leader.get();
  }

  @Override
  public void close() {
    CompletableFuture<?> r = running;
    if (r != null) {
      r.cancel(true);
    }
  }
}
