package io.portico.cp.k8s.webhook;

import static io.portico.cp.k8s.webhook.Requests.response;
import static io.portico.cp.k8s.webhook.Requests.tree;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code /validate-v1-service}: the §7.4 Service row. */
class ServiceValidationWebhookTest {
  private final ServiceValidationWebhook webhook = new ServiceValidationWebhook();

  private static String service(String annotations) {
    return """
        {"apiVersion":"v1","kind":"Service",
         "metadata":{"name":"web","namespace":"default","annotations":%s},
         "spec":{"ports":[{"name":"http","port":80,"targetPort":8080},{"name":"grpc","port":9090}]}}
        """
        .formatted(annotations);
  }

  private String answer(String service) {
    return AdmissionReview.answer(
        webhook, Requests.core("Service", "services").create(service).json());
  }

  private static void assertAllowed(String answer) {
    assertThat(response(answer))
        .isEqualTo(
            tree("{\"uid\":\"" + Requests.UID + "\",\"allowed\":true,\"status\":{\"code\":200}}"));
  }

  @Test
  void unknownProtocolOfADeclaredPortIsInvalid() {
    String answer = answer(service("{\"80.service.kuma.io/protocol\":\"mongo\"}"));
    assertThat(response(answer))
        .isEqualTo(
            tree(
                """
                {"uid":"%s","allowed":false,
                 "status":{"status":"Failure","code":422,"reason":"Invalid",
                   "message":"metadata.annotations[\\"80.service.kuma.io/protocol\\"]: value \\"mongo\\" is not valid. Allowed values: grpc, http, http2, kafka, tcp",
                   "details":{"name":"web","kind":"Service",
                     "causes":[{"reason":"FieldValueInvalid",
                       "field":"metadata.annotations[\\"80.service.kuma.io/protocol\\"]",
                       "message":"value \\"mongo\\" is not valid. Allowed values: grpc, http, http2, kafka, tcp"}]}}}
                """
                    .formatted(Requests.UID)));
  }

  @Test
  void emptyProtocolIsInvalid() {
    String answer = answer(service("{\"9090.service.kuma.io/protocol\":\"\"}"));
    assertThat(response(answer).path("status").path("message").asText())
        .isEqualTo(
            "metadata.annotations[\"9090.service.kuma.io/protocol\"]: value \"\" is not valid."
                + " Allowed values: grpc, http, http2, kafka, tcp");
  }

  @Test
  void everyBadPortIsReported() {
    String answer =
        answer(
            service(
                "{\"80.service.kuma.io/protocol\":\"x\",\"9090.service.kuma.io/protocol\":\"y\"}"));
    assertThat(response(answer).path("status").path("details").path("causes")).hasSize(2);
  }

  @Test
  void protocolIsCaseInsensitive() {
    assertAllowed(
        answer(
            service(
                "{\"80.service.kuma.io/protocol\":\"HTTP\",\"9090.service.kuma.io/protocol\":\"gRPC\"}")));
  }

  @Test
  void annotationOfAnUndeclaredPortIsIgnored() {
    assertAllowed(answer(service("{\"8080.service.kuma.io/protocol\":\"mongo\"}")));
  }

  @Test
  void serviceWithoutAnnotationsIsAllowed() {
    assertAllowed(answer(service("{}")));
  }
}
