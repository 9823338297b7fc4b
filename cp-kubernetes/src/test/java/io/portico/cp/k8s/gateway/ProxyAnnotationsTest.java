package io.portico.cp.k8s.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.cp.k8s.KubernetesSettings;
import io.portico.mesh.api.validation.ValidationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The container knobs of spec/kubernetes.md §4.5, as Kuma's annotation getters read them. */
class ProxyAnnotationsTest {
  private static final KubernetesSettings.SidecarContainer SIDECAR =
      KubernetesSettings.defaults().sidecar();

  @Test
  void absentAnnotationsLeaveTheConfiguredValues() {
    ProxyAnnotations knobs = ProxyAnnotations.read(Map.of());

    assertThat(knobs).isEqualTo(new ProxyAnnotations(null, 0, null, null, Map.of()));
    assertThat(GatewayContainer.args(SIDECAR, knobs))
        .containsExactly("run", "--log-level=info", "--concurrency=2");
  }

  @Test
  void concurrencyAnnotationSetsTheFlag() {
    assertThat(
            GatewayContainer.args(
                SIDECAR, ProxyAnnotations.read(Map.of(ProxyAnnotations.CONCURRENCY, "8"))))
        .containsExactly("run", "--log-level=info", "--concurrency=8");
  }

  @Test
  void concurrencyZeroLeavesTheFlagOut() {
    assertThat(
            GatewayContainer.args(
                SIDECAR, ProxyAnnotations.read(Map.of(ProxyAnnotations.CONCURRENCY, "0"))))
        .containsExactly("run", "--log-level=info");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1000m:2", "1:2", "2:2", "2500m:2", "3:3", "3001m:3", "4.5:4", "16:16"})
  void computedConcurrencyIsTheConfiguredCpuLimitInWholeCoresAtLeastTwo(String limitAndCores) {
    String[] parts = limitAndCores.split(":");
    KubernetesSettings.SidecarContainer sidecar =
        new KubernetesSettings.SidecarContainer(
            SIDECAR.image(),
            SIDECAR.uid(),
            SIDECAR.gid(),
            SIDECAR.adminPort(),
            SIDECAR.drainTime(),
            SIDECAR.readinessProbe(),
            SIDECAR.livenessProbe(),
            new KubernetesSettings.Resources("50m", "64Mi", parts[0], "512Mi"),
            Map.of());

    assertThat(GatewayContainer.args(sidecar, ProxyAnnotations.read(Map.of())))
        .last()
        .isEqualTo("--concurrency=" + parts[1]);
  }

  @Test
  void knobsAreRead() {
    ProxyAnnotations knobs =
        ProxyAnnotations.read(
            Map.of(
                ProxyAnnotations.ADMIN_PORT, "9902",
                ProxyAnnotations.DRAIN_TIME, "1m30s",
                ProxyAnnotations.LOG_LEVEL, "",
                ProxyAnnotations.ENV_VARS, "A=1;B=;=c"));

    assertThat(knobs.adminPort()).isEqualTo(9902);
    assertThat(knobs.drainTime()).isEqualTo(Duration.ofSeconds(90));
    assertThat(knobs.logLevel()).as("present but empty is still set").isEmpty();
    assertThat(knobs.envVars())
        .containsExactlyInAnyOrderEntriesOf(Map.of("A", "1", "B", "", "", "c"));
  }

  @Test
  void adminPortZeroMeansTheConfiguredPort() {
    assertThat(ProxyAnnotations.read(Map.of(ProxyAnnotations.ADMIN_PORT, "0")).adminPort())
        .isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-1", "+4", "4.0", "four", "4294967296", "٣"})
  void concurrencyMustBeAnUnsigned32BitInteger(String value) {
    assertThatThrownBy(() -> ProxyAnnotations.read(Map.of(ProxyAnnotations.CONCURRENCY, value)))
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "metadata.annotations[\"kuma.io/sidecar-proxy-concurrency\"]: must be an unsigned 32-bit"
                + " integer, got \""
                + value
                + "\"");
  }

  @Test
  void adminPortAboveTheLastPortIsRefused() {
    assertThatThrownBy(() -> ProxyAnnotations.read(Map.of(ProxyAnnotations.ADMIN_PORT, "70000")))
        .hasMessage(
            "metadata.annotations[\"kuma.io/envoy-admin-port\"]: must be a port in [1, 65535], got"
                + " 70000");
  }

  @ParameterizedTest
  @ValueSource(strings = {"A", "A=1;", "A=1=2", "A=1;B"})
  void envVarsNeedKeyEqualsValuePairs(String value) {
    assertThatThrownBy(() -> ProxyAnnotations.read(Map.of(ProxyAnnotations.ENV_VARS, value)))
        .hasMessage(
            "metadata.annotations[\"kuma.io/sidecar-env-vars\"]: invalid format. Map in"
                + " \"kuma.io/sidecar-env-vars\" has to be provided in the following format:"
                + " key1=value1;key2=value2");
  }

  @Test
  void everyUnreadableKnobIsReported() {
    assertThatThrownBy(
            () ->
                ProxyAnnotations.read(
                    Map.of(
                        ProxyAnnotations.CONCURRENCY, "x",
                        ProxyAnnotations.ADMIN_PORT, "y",
                        ProxyAnnotations.DRAIN_TIME, "z",
                        ProxyAnnotations.ENV_VARS, "w")))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.violations()).hasSize(4));
  }
}
