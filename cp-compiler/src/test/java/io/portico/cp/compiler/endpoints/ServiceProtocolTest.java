package io.portico.cp.compiler.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A service's protocol over instances that disagree (Kuma's GetCommonProtocol). */
class ServiceProtocolTest {
  @ParameterizedTest(name = "{0} + {1} = {2}")
  @CsvSource({
    "HTTP, HTTP, HTTP",
    "GRPC, HTTP2, HTTP2",
    "HTTP2, GRPC, HTTP2",
    "HTTP, HTTP2, TCP",
    "HTTP, GRPC, TCP",
    "KAFKA, HTTP, TCP",
    "TCP, HTTP, TCP",
    "UNKNOWN, HTTP, UNKNOWN",
    "HTTP, UNKNOWN, UNKNOWN",
  })
  void commonProtocol(ServiceProtocol a, ServiceProtocol b, ServiceProtocol expected) {
    assertThat(a.commonWith(b)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "\"{0}\" is {1}")
  @CsvSource({
    "http, HTTP",
    "HTTP2, HTTP2",
    "gRPC, GRPC",
    "tcp, TCP",
    "kafka, KAFKA",
    "mongo, UNKNOWN"
  })
  void parsesTagsCaseInsensitively(String tag, ServiceProtocol expected) {
    assertThat(ServiceProtocol.parse(tag)).isEqualTo(expected);
  }
}
