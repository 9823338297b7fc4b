package io.portico.proxy.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ControlPlaneAddressTest {
  @ParameterizedTest
  @CsvSource({
    "https://localhost:5678/, localhost, 5678",
    "https://localhost:5678, localhost, 5678",
    "https://cp.example.com, cp.example.com, 5678",
    "HTTPS://cp:9000/, cp, 9000",
    "https://10.0.0.1:5678, 10.0.0.1, 5678",
    "'https://[::1]:5678/', ::1, 5678",
  })
  void acceptsHttpsUrls(String text, String host, int port) {
    assertThat(ControlPlaneAddress.parse(text)).isEqualTo(new ControlPlaneAddress(host, port));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "http://localhost:5678 | the scheme must be https",
        "grpc://localhost:5678 | the scheme must be https",
        "localhost:5678 | expected https://host[:port]",
        "https://localhost:5678/bootstrap | no path or query",
        "https://localhost:99999 | expected https://host[:port]",
        "https://local host | is not a URL",
      })
  void rejectsOtherForms(String text, String message) {
    assertThatThrownBy(() -> ControlPlaneAddress.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--cp-address \"" + text + "\"")
        .hasMessageContaining(message);
  }

  @ParameterizedTest
  @CsvSource({"localhost, 5678, https://localhost:5678", "::1, 5678, https://[::1]:5678"})
  void printsAsAUrl(String host, int port, String url) {
    assertThat(new ControlPlaneAddress(host, port)).hasToString(url);
  }
}
