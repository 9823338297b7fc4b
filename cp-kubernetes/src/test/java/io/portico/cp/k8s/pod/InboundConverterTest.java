package io.portico.cp.k8s.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The tables of spec/kubernetes.md §5.4 (protocol), §5.5 (serviceless name), §5.6 (service tag).
 */
class InboundConverterTest {

  @ParameterizedTest(name = "appProtocol={0} annotation={1} ⇒ {2}")
  @CsvSource(
      nullValues = "null",
      value = {
        "http, grpc, http",
        "HTTP2, null, http2",
        "'', http, tcp",
        "null, GRPC, grpc",
        "null, '', tcp",
        "null, null, tcp",
        "MONGO, null, mongo",
        "kubernetes.io/h2c, null, kubernetes.io/h2c"
      })
  void protocolIsAppProtocolElseTheServiceAnnotationElseTcpLowercased(
      String appProtocol, String annotation, String expected) {
    ServicePort port = new ServicePortBuilder().withPort(80).withAppProtocol(appProtocol).build();
    Service service =
        new ServiceBuilder()
            .withNewMetadata()
            .withName("example")
            .withAnnotations(
                annotation == null ? Map.of() : Map.of("80.service.kuma.io/protocol", annotation))
            .endMetadata()
            .build();

    assertThat(InboundConverter.protocol(service, port)).isEqualTo(expected);
  }

  @Test
  void protocolAnnotationOfAnotherPortDoesNotCount() {
    ServicePort port = new ServicePortBuilder().withPort(80).withNewTargetPort(8080).build();
    Service service =
        new ServiceBuilder()
            .withNewMetadata()
            .withName("example")
            .withAnnotations(Map.of("8080.service.kuma.io/protocol", "http"))
            .endMetadata()
            .build();

    assertThat(InboundConverter.protocol(service, port)).isEqualTo("tcp");
  }

  @ParameterizedTest(name = "{0} ⇒ {1}")
  @CsvSource({
    "example, example",
    "two-parts, two-parts",
    "web-7d9f6-abcde, web",
    "my-web-app-7d9f6-abcde, my-web-app",
    "a--b, a",
    "trailing-dash-, trailing"
  })
  void servicelessNameDropsTheLastTwoSegments(String pod, String service) {
    assertThat(InboundConverter.servicelessName(pod)).isEqualTo(service);
  }

  @Test
  void serviceTagIsNameNamespaceSvcPort() {
    assertThat(new ServiceTag("backend", "payments", 7070).value())
        .isEqualTo("backend_payments_svc_7070");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "backend_payments_svc_7070, true",
    "backend_payments_svc, false",
    "backend, false",
    "backend_payments_svc_http, false",
    "backend_payments_svc_, false",
    "a_b_c_d_80, false",
    "backend_payments_svc_-1, false"
  })
  void onlyFourPartNamesWithAPortAreServiceTags(String value, boolean parses) {
    assertThat(ServiceTag.parse(value).isPresent()).isEqualTo(parses);
  }
}
