package io.portico.mesh.api.insight;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.portico.mesh.api.LargeText;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.SpecValues;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the control planes observed of one dataplane's proxy (Kuma {@code
 * mesh.v1alpha1.DataplaneInsight}, spec/core.md §5.6): one subscription per config stream, the
 * latest last. Only the last {@link #SUBSCRIPTION_LIMIT} are kept ({@code
 * metrics.dataplane.subscriptionLimit}).
 *
 * <p>Differences from Kuma's shape: there is one config stream instead of per-xDS-type counters, so
 * {@code status} has {@code total} only; {@code version} names {@code porticoDp} instead of {@code
 * kumaDp} and {@code envoy}; {@code lastAckedVersion}, {@code lastNackedVersion} and {@code
 * lastNackError} say which config the proxy runs and why it rejected the last one. Counters are
 * written as JSON strings, as protobuf-JSON writes {@code uint64}.
 *
 * @param subscriptions the streams, oldest first
 * @param mTLS the proxy's mesh certificate, when its mesh has mTLS (spec/core.md §1.2); null
 *     otherwise
 */
public record DataplaneInsightSpec(
    List<Subscription> subscriptions,
    @JsonProperty("mTLS") @JsonInclude(JsonInclude.Include.NON_NULL) MTls mTLS)
    implements ResourceSpec {
  /** How many subscriptions an insight keeps (Kuma's {@code subscriptionLimit} default). */
  public static final int SUBSCRIPTION_LIMIT = 2;

  public DataplaneInsightSpec {
    subscriptions = SpecValues.list(subscriptions);
  }

  /** An insight without an mTLS section. */
  public DataplaneInsightSpec(List<Subscription> subscriptions) {
    this(subscriptions, null);
  }

  /** This insight with its mTLS section replaced. */
  public DataplaneInsightSpec withMTls(MTls newMTls) {
    return new DataplaneInsightSpec(subscriptions, newMTls);
  }

  /** The most recently connected subscription. */
  @JsonIgnore
  public Optional<Subscription> lastSubscription() {
    return subscriptions.stream().max(Subscription.BY_CONNECT_TIME);
  }

  /**
   * When the proxy was last seen connected: the latest disconnect time, if no subscription is
   * connected; empty while one is connected or when no subscription ended.
   */
  @JsonIgnore
  public Optional<Instant> lastDisconnectTime() {
    if (isConnected()) {
      return Optional.empty();
    }
    return subscriptions.stream()
        .map(Subscription::disconnectTime)
        .filter(Objects::nonNull)
        .max(Comparator.naturalOrder());
  }

  /** Whether some subscription is connected and not disconnected. */
  @JsonIgnore
  public boolean isConnected() {
    return subscriptions.stream().anyMatch(Subscription::isConnected);
  }

  /**
   * This insight with {@code subscription} added, or replacing the one of the same id; sorted by
   * connect time and cut to the last {@link #SUBSCRIPTION_LIMIT}.
   */
  public DataplaneInsightSpec withSubscription(Subscription subscription) {
    List<Subscription> merged =
        Stream.concat(
                subscriptions.stream().filter(s -> !s.id().equals(subscription.id())),
                Stream.of(subscription))
            .sorted(Subscription.BY_CONNECT_TIME)
            .toList();
    int from = Math.max(0, merged.size() - SUBSCRIPTION_LIMIT);
    return new DataplaneInsightSpec(merged.subList(from, merged.size()), mTLS);
  }

  /**
   * One config stream between a proxy and a control plane.
   *
   * @param id unique per stream
   * @param controlPlaneInstanceId the control-plane instance that served the stream
   * @param connectTime when the proxy was accepted
   * @param disconnectTime when the stream ended; null while it is open
   * @param status counters of configs sent, accepted and rejected
   * @param version the build of the proxy
   * @param lastAckedVersion the version of the last config the proxy accepted
   * @param lastNackedVersion the version of the config the proxy rejected, while it has not
   *     accepted one since
   * @param lastNackError every error of that rejection, joined with {@code "; "}
   * @param generation bumped by the serving control plane while the stream is open, so that the
   *     leader can tell a live stream from one whose control plane died without closing it
   *     (spec/core.md §6.8)
   */
  public record Subscription(
      String id,
      String controlPlaneInstanceId,
      Instant connectTime,
      Instant disconnectTime,
      SubscriptionStatus status,
      Version version,
      String lastAckedVersion,
      String lastNackedVersion,
      @LargeText String lastNackError,
      long generation) {
    static final Comparator<Subscription> BY_CONNECT_TIME =
        Comparator.comparing(
            Subscription::connectTime, Comparator.nullsFirst(Comparator.naturalOrder()));

    public Subscription {
      id = SpecValues.text(id);
      controlPlaneInstanceId = SpecValues.text(controlPlaneInstanceId);
      lastAckedVersion = SpecValues.text(lastAckedVersion);
      lastNackedVersion = SpecValues.text(lastNackedVersion);
      lastNackError = SpecValues.text(lastNackError);
    }

    /** A subscription at generation 0. */
    public Subscription(
        String id,
        String controlPlaneInstanceId,
        Instant connectTime,
        Instant disconnectTime,
        SubscriptionStatus status,
        Version version,
        String lastAckedVersion,
        String lastNackedVersion,
        @LargeText String lastNackError) {
      this(
          id,
          controlPlaneInstanceId,
          connectTime,
          disconnectTime,
          status,
          version,
          lastAckedVersion,
          lastNackedVersion,
          lastNackError,
          0);
    }

    /** This subscription, ended at {@code time}. */
    public Subscription disconnectedAt(Instant time) {
      return new Subscription(
          id,
          controlPlaneInstanceId,
          connectTime,
          time,
          status,
          version,
          lastAckedVersion,
          lastNackedVersion,
          lastNackError,
          generation);
    }

    /** Connected and not disconnected. */
    @JsonIgnore
    public boolean isConnected() {
      return connectTime != null && disconnectTime == null;
    }

    /** Whether the last config sent on this stream was rejected and none was accepted since. */
    @JsonIgnore
    public boolean isLastConfigRejected() {
      return !lastNackError.isEmpty() || !lastNackedVersion.isEmpty();
    }
  }

  /**
   * @param lastUpdateTime when a config was last sent, accepted or rejected
   * @param total counters over the whole stream
   */
  public record SubscriptionStatus(Instant lastUpdateTime, Counters total) {}

  /**
   * @param responsesSent configs sent
   * @param responsesAcknowledged configs the proxy accepted
   * @param responsesRejected configs the proxy rejected
   */
  public record Counters(
      @JsonFormat(shape = JsonFormat.Shape.STRING) long responsesSent,
      @JsonFormat(shape = JsonFormat.Shape.STRING) long responsesAcknowledged,
      @JsonFormat(shape = JsonFormat.Shape.STRING) long responsesRejected) {}

  /**
   * @param porticoDp the proxy's build
   */
  public record Version(PorticoDp porticoDp) {}

  /**
   * @param version the portico-dp version
   * @param gitCommit the commit it was built from
   * @param buildDate when it was built
   */
  public record PorticoDp(String version, String gitCommit, String buildDate) {
    public PorticoDp {
      version = SpecValues.text(version);
      gitCommit = SpecValues.text(gitCommit);
      buildDate = SpecValues.text(buildDate);
    }
  }

  /**
   * The proxy's mesh certificate (Kuma's {@code DataplaneInsight.MTLS}): what the control plane
   * issued last, kept across reconnects; {@code certificateRegenerations} counts every issuance
   * (uint32, so a JSON number).
   *
   * @param certificateExpirationTime the certificate's NotAfter
   * @param lastCertificateRegeneration when it was issued
   * @param certificateRegenerations how many certificates were issued to this dataplane
   * @param issuedBackend the CA backend that signed it
   * @param supportedBackends every CA backend of the mesh (the proxy trusts them all)
   */
  public record MTls(
      Instant certificateExpirationTime,
      Instant lastCertificateRegeneration,
      long certificateRegenerations,
      String issuedBackend,
      List<String> supportedBackends) {
    public MTls {
      issuedBackend = SpecValues.text(issuedBackend);
      supportedBackends = SpecValues.list(supportedBackends);
    }
  }
}
