package io.portico.cp.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import org.junit.jupiter.api.Test;

/** The URI SANs of a dataplane certificate, in Kuma's order (spec/core.md §1.2). */
class IdentityUrisTest {
  static final ResourceCodec CODEC = ResourceCodec.standard();

  static DataplaneSpec dataplane(String json) {
    return (DataplaneSpec) CODEC.readResource(json).spec();
  }

  @Test
  void sidecarWithTwoServicesHasOneSpiffeUriPerServiceThenEveryTag() {
    DataplaneSpec sidecar =
        dataplane(
            """
            {"type":"Dataplane","mesh":"demo","name":"web-1","networking":{"address":"10.0.0.1",
             "inbound":[
              {"port":8080,"tags":{"kuma.io/service":"web","kuma.io/protocol":"http","version":"v1"}},
              {"port":8081,"tags":{"kuma.io/service":"admin","kuma.io/protocol":"http","version":"v1"}},
              {"port":8082,"tags":{"kuma.io/service":"web","kuma.io/protocol":"tcp","zone":"eu"}}]}}
            """);

    assertThat(IdentityUris.of("demo", sidecar))
        .containsExactly(
            "spiffe://demo/admin",
            "spiffe://demo/web",
            "kuma://kuma.io/protocol/http",
            "kuma://kuma.io/protocol/tcp",
            "kuma://kuma.io/service/admin",
            "kuma://kuma.io/service/web",
            "kuma://version/v1",
            "kuma://zone/eu");
  }

  @Test
  void builtinGatewayUsesItsGatewayTags() {
    DataplaneSpec gateway =
        dataplane(
            """
            {"type":"Dataplane","mesh":"demo","name":"edge-1","networking":{"address":"10.0.0.2",
             "gateway":{"type":"BUILTIN","tags":{"kuma.io/service":"edge","kuma.io/zone":"z1"}}}}
            """);

    assertThat(IdentityUris.of("demo", gateway))
        .containsExactly(
            "spiffe://demo/edge", "kuma://kuma.io/service/edge", "kuma://kuma.io/zone/z1");
  }
}
