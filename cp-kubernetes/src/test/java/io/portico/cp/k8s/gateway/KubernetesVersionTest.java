package io.portico.cp.k8s.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which servers let a pod lower the unprivileged port start (spec/kubernetes.md §4.5). */
class KubernetesVersionTest {
  @ParameterizedTest(name = "{0}.{1} => {2}")
  @CsvSource({
    "1, 21, false",
    "1, 22, true",
    "1, 26, true",
    "2, 0, true",
    "0, 0, false",
    "1, 22+, false",
    "1, '', false",
    "v1, 26, false"
  })
  void sysctlFromOneTwentyTwoOnAndOnlyWhenTheVersionParses(
      String major, String minor, boolean supported) {
    assertThat(new KubernetesVersion(major, minor).isUnprivilegedPortSysctlSupported())
        .isEqualTo(supported);
  }
}
