package io.portico.cp.k8s.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.portico.cp.k8s.MockApiServer;
import io.portico.cp.store.RecordingLeadershipListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Leadership on a Lease of the system namespace (issue 9 point 1): one control plane of two leads
 * and holds the Lease under its name; when it stops, it gives the Lease up and the other one takes
 * it.
 */
class LeaseLeaderElectionTest {
  private static final Duration LEASE = Duration.ofSeconds(3);

  final MockApiServer apiServer = MockApiServer.start();
  final KubernetesClient client = apiServer.client();
  private final List<LeaseLeaderElection> elections = new CopyOnWriteArrayList<>();

  @BeforeEach
  void namespace() {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName("kuma-system").endMetadata().build())
        .create();
  }

  @AfterEach
  void stop() {
    elections.forEach(LeaseLeaderElection::close);
    apiServer.close();
  }

  @Test
  void oneOfTwoLeadsAndTheOtherTakesOverWhenItStops() {
    RecordingLeadershipListener a = new RecordingLeadershipListener();
    RecordingLeadershipListener b = new RecordingLeadershipListener();
    LeaseLeaderElection first = election("cp-a", a);
    await().atMost(Duration.ofSeconds(20)).until(first::isLeader);
    LeaseLeaderElection second = election("cp-b", b);

    assertThat(holder()).isEqualTo("cp-a");
    assertThat(second.isLeader()).isFalse();
    assertThat(b.events()).isEmpty();

    first.close();

    await().atMost(Duration.ofSeconds(30)).until(second::isLeader);
    assertThat(holder()).isEqualTo("cp-b");
    assertThat(a.events()).containsExactly("acquired", "lost");
    assertThat(b.events()).containsExactly("acquired");
    assertThat(first.isLeader()).isFalse();
  }

  private LeaseLeaderElection election(String identity, RecordingLeadershipListener recorder) {
    LeaseLeaderElection election =
        new LeaseLeaderElection(client, "kuma-system", "portico-cp-leader", identity, LEASE);
    elections.add(election);
    election.start(recorder);
    return election;
  }

  private String holder() {
    Lease lease = client.leases().inNamespace("kuma-system").withName("portico-cp-leader").get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }
}
