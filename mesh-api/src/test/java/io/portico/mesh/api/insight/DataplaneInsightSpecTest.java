package io.portico.mesh.api.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.types.ResourceTypes;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataplaneInsightSpecTest {
  static final ResourceCodec CODEC = ResourceCodec.standard();
  static final Instant T0 = Instant.parse("2024-01-02T10:00:00Z");

  static DataplaneInsightSpec.Subscription subscription(String id, Instant connect) {
    return new DataplaneInsightSpec.Subscription(
        id,
        "cp-1",
        connect,
        null,
        new DataplaneInsightSpec.SubscriptionStatus(
            connect.plusSeconds(1), new DataplaneInsightSpec.Counters(3, 2, 1)),
        new DataplaneInsightSpec.Version(
            new DataplaneInsightSpec.PorticoDp("0.1.0", "abc", "2024-01-01")),
        "v2",
        "v3",
        "listeners[0].port: in use");
  }

  @Test
  void jsonFollowsProtobufJsonCountersAsStringsTimesAsRfc3339() {
    Resource<DataplaneInsightSpec> insight =
        Resource.of(
            ResourceTypes.DATAPLANE_INSIGHT,
            "default",
            "web-1",
            new DataplaneInsightSpec(List.of(subscription("s1", T0))));

    String json = CODEC.toTree(insight).toString();

    assertThat(json)
        .isEqualTo(
            "{\"type\":\"DataplaneInsight\",\"mesh\":\"default\",\"name\":\"web-1\","
                + "\"subscriptions\":[{\"id\":\"s1\",\"controlPlaneInstanceId\":\"cp-1\","
                + "\"connectTime\":\"2024-01-02T10:00:00Z\",\"status\":{\"lastUpdateTime\":"
                + "\"2024-01-02T10:00:01Z\",\"total\":{\"responsesSent\":\"3\","
                + "\"responsesAcknowledged\":\"2\",\"responsesRejected\":\"1\"}},"
                + "\"version\":{\"porticoDp\":{\"version\":\"0.1.0\",\"gitCommit\":\"abc\","
                + "\"buildDate\":\"2024-01-01\"}},\"lastAckedVersion\":\"v2\","
                + "\"lastNackedVersion\":\"v3\",\"lastNackError\":\"listeners[0].port: in use\"}]}");
    assertThat(CODEC.readResource(json).spec()).isEqualTo(insight.spec());
  }

  @Test
  void mtlsSectionIsWrittenAsKumaNamesItAndKeptAcrossSubscriptions() {
    DataplaneInsightSpec.MTls mtls =
        new DataplaneInsightSpec.MTls(
            T0.plusSeconds(86400), T0, 3, "ca-1", List.of("ca-1", "ca-2"));
    DataplaneInsightSpec spec =
        new DataplaneInsightSpec(List.of()).withMTls(mtls).withSubscription(subscription("s1", T0));

    String json =
        CODEC
            .toTree(Resource.of(ResourceTypes.DATAPLANE_INSIGHT, "default", "web-1", spec))
            .toString();

    assertThat(json)
        .contains(
            "\"mTLS\":{\"certificateExpirationTime\":\"2024-01-03T10:00:00Z\","
                + "\"lastCertificateRegeneration\":\"2024-01-02T10:00:00Z\","
                + "\"certificateRegenerations\":3,\"issuedBackend\":\"ca-1\","
                + "\"supportedBackends\":[\"ca-1\",\"ca-2\"]}");
    assertThat(spec.mTLS()).isEqualTo(mtls);
    assertThat(CODEC.readResource(json).spec()).isEqualTo(spec);
    assertThat(
            CODEC
                .toTree(
                    Resource.of(
                        ResourceTypes.DATAPLANE_INSIGHT,
                        "default",
                        "web-1",
                        new DataplaneInsightSpec(List.of())))
                .has("mTLS"))
        .isFalse();
  }

  @Test
  void withSubscriptionReplacesByIdAndKeepsTheLastTwoByConnectTime() {
    DataplaneInsightSpec insight =
        new DataplaneInsightSpec(List.of())
            .withSubscription(subscription("a", T0))
            .withSubscription(subscription("b", T0.plusSeconds(10)))
            .withSubscription(subscription("c", T0.plusSeconds(20)));

    assertThat(insight.subscriptions())
        .extracting(DataplaneInsightSpec.Subscription::id)
        .containsExactly("b", "c");
    assertThat(insight.lastSubscription())
        .hasValueSatisfying(s -> assertThat(s.id()).isEqualTo("c"));
    assertThat(insight.isConnected()).isTrue();

    DataplaneInsightSpec.Subscription closed =
        new DataplaneInsightSpec.Subscription(
            "c", "cp-1", T0.plusSeconds(20), T0.plusSeconds(30), null, null, "", "", "");
    DataplaneInsightSpec updated =
        insight
            .withSubscription(closed)
            .withSubscription(closed(subscription("b", T0.plusSeconds(10))));
    assertThat(updated.subscriptions()).hasSize(2);
    assertThat(updated.isConnected()).isFalse();
  }

  private static DataplaneInsightSpec.Subscription closed(DataplaneInsightSpec.Subscription s) {
    return new DataplaneInsightSpec.Subscription(
        s.id(),
        s.controlPlaneInstanceId(),
        s.connectTime(),
        s.connectTime().plusSeconds(5),
        s.status(),
        s.version(),
        s.lastAckedVersion(),
        s.lastNackedVersion(),
        s.lastNackError());
  }
}
