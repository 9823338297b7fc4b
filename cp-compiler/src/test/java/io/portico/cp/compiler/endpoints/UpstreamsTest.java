package io.portico.cp.compiler.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.cp.compiler.plan.EndpointPlan;
import io.portico.mesh.api.policy.ExternalServiceSpec;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The endpoint of an ExternalService's {@code networking.address}. */
class UpstreamsTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      value = {
        "httpbin.org:443 | httpbin.org:443",
        "10.0.0.12:5432 | 10.0.0.12:5432",
        "[2001:db8::1]:8443 | 2001:db8::1:8443",
        "no-port | none",
        "host: | none",
        ":80 | none",
        "host:70000 | none",
        "host:http | none",
      },
      delimiter = '|')
  void externalServiceAddress(String address, String expected) {
    EndpointPlan endpoint =
        Upstreams.hostPort(
            new ExternalServiceSpec(
                new ExternalServiceSpec.Networking(address, null, false),
                Map.of("kuma.io/service", "x")));
    assertThat(endpoint == null ? "none" : endpoint.address() + ":" + endpoint.port())
        .isEqualTo(expected);
  }
}
