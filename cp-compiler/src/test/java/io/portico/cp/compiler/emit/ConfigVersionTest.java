package io.portico.cp.compiler.emit;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.proxy.api.v1.Admin;
import io.portico.proxy.api.v1.ProxyConfig;
import org.junit.jupiter.api.Test;

/** The config version is a content hash (DESIGN.md "Data flow"). */
class ConfigVersionTest {
  private static final ProxyConfig CONFIG =
      ProxyConfig.newBuilder()
          .setMesh("default")
          .setDataplane("dp-1")
          .setAdmin(Admin.newBuilder().setAddress("127.0.0.1").setPort(9901))
          .build();

  @Test
  void equalContentHasEqualVersions() {
    assertThat(ConfigVersion.of(CONFIG)).isEqualTo(ConfigVersion.of(CONFIG.toBuilder().build()));
  }

  @Test
  void anyChangeGivesANewVersion() {
    assertThat(ConfigVersion.of(CONFIG.toBuilder().setDataplane("dp-2").build()))
        .isNotEqualTo(ConfigVersion.of(CONFIG));
  }

  @Test
  void theVersionFieldItselfDoesNotCount() {
    assertThat(ConfigVersion.of(CONFIG.toBuilder().setVersion("anything").build()))
        .isEqualTo(ConfigVersion.of(CONFIG));
  }

  @Test
  void versionIsSixteenHexDigits() {
    assertThat(ConfigVersion.of(CONFIG)).matches("[0-9a-f]{16}");
  }
}
