package io.portico.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** IP literals are told from their text alone (no lookup), as InetAddress parses them. */
class IpLiteralTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "0.0.0.0",
        "255.255.255.255",
        "010.0.0.1",
        "::",
        "::1",
        "1::",
        "fe80::1",
        "FE80::A:b:C",
        "1:2:3:4:5:6:7:8",
        "1:2:3:4:5:6:7::",
        "::2:3:4:5:6:7:8",
        "::ffff:192.0.2.1",
        "64:ff9b::192.0.2.33",
        "1:2:3:4:5:6:1.2.3.4",
        "[::1]",
        "fe80::1%eth0",
        "fe80::1%1",
        "[fe80::1%25]"
      })
  void literalsAreAccepted(String text) {
    assertThat(IpLiteral.isIpLiteral(text)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "localhost",
        "example.com",
        "256.0.0.1",
        "1.2.3",
        "1.2.3.4.5",
        "1.2.3.-4",
        ":",
        ":::",
        ":1",
        "1:",
        "1::2::3",
        "12345::",
        "g::1",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7:8::",
        "1:2:3:4:5:6:7:1.2.3.4",
        "::1.2.3",
        "::256.0.0.1",
        "1.2.3.4::",
        "[::1",
        "[]",
        "::1%",
        "[example.com]"
      })
  void otherTextIsNotALiteral(String text) {
    assertThat(IpLiteral.isIpLiteral(text)).isFalse();
  }
}
