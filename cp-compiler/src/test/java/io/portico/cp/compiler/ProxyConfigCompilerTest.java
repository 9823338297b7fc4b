package io.portico.cp.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.proxy.api.v1.ProxyConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The entry point: mesh membership, the admin server, typed snapshot access. */
class ProxyConfigCompilerTest {
  private static final String RESOURCES =
      """
      type: Dataplane
      mesh: default
      name: web-1
      networking:
        address: 10.0.0.1
        admin:
          port: 9999
        inbound:
          - port: 18080
            servicePort: 8080
            tags:
              kuma.io/service: web
      ---
      type: Timeout
      mesh: default
      name: t
      sources:
        - match:
            kuma.io/service: '*'
      destinations:
        - match:
            kuma.io/service: '*'
      conf:
        connectTimeout: 1s
      """;

  @Test
  void aDataplaneOfAnotherMeshIsRejected() {
    List<Resource<?>> resources = TestSnapshots.resources(RESOURCES);
    MeshSnapshot snapshot = TestSnapshots.snapshot(resources);
    Resource<?> stranger =
        TestSnapshots.resources(RESOURCES.replace("mesh: default", "mesh: other")).get(0);
    assertThatThrownBy(
            () -> new ProxyConfigCompiler().compile(snapshot, stranger.as(ResourceTypes.DATAPLANE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is in mesh other, not in default");
  }

  @Test
  void theAdminPortComesFromTheDataplane() {
    List<Resource<?>> resources = TestSnapshots.resources(RESOURCES);
    ProxyConfig config =
        new ProxyConfigCompiler()
            .compile(
                TestSnapshots.snapshot(resources), TestSnapshots.dataplane(resources, "web-1"));
    assertThat(config.getAdmin().getAddress()).isEqualTo("127.0.0.1");
    assertThat(config.getAdmin().getPort()).isEqualTo(9999);
    assertThat(config.getMesh()).isEqualTo("default");
    assertThat(config.getDataplane()).isEqualTo("web-1");
  }

  /** spec/core.md §2.5: /ready also on networking.address, where a kubelet probes the pod. */
  @Test
  void readinessIsAlsoServedOnTheDataplanesAddress() {
    assertThat(compile(RESOURCES).getAdmin().getReadinessAddress()).isEqualTo("10.0.0.1");
    assertThat(compile(RESOURCES.replace("10.0.0.1", "127.0.0.1")).getAdmin().getReadinessAddress())
        .as("the admin address itself")
        .isEmpty();
    assertThat(
            compile(RESOURCES.replace("address: 10.0.0.1", "address: web-1.local"))
                .getAdmin()
                .getReadinessAddress())
        .as("a host name")
        .isEmpty();
    assertThat(
            compile(RESOURCES.replace("- port: 18080", "- port: 9999"))
                .getAdmin()
                .getReadinessAddress())
        .as("an inbound on the admin port keeps it")
        .isEmpty();
  }

  private static ProxyConfig compile(String yaml) {
    List<Resource<?>> resources = TestSnapshots.resources(yaml);
    return new ProxyConfigCompiler()
        .compile(TestSnapshots.snapshot(resources), TestSnapshots.dataplane(resources, "web-1"));
  }

  @Test
  void withMtlsTheConfigRefersToTheIdentityButNeverCarriesIt() {
    List<Resource<?>> resources =
        TestSnapshots.resources(
            RESOURCES
                + """
                ---
                type: Mesh
                name: default
                mtls:
                  enabledBackend: ca-1
                  backends:
                    - name: ca-1
                      type: builtin
                """);
    ProxyConfig config =
        new ProxyConfigCompiler()
            .compile(
                TestSnapshots.snapshot(resources, "default", null),
                TestSnapshots.dataplane(resources, "web-1"));
    assertThat(config.hasIdentity()).isFalse();
    assertThat(config.getListeners(0).getTls().getUseIdentity()).isTrue();
    assertThat(config.getListeners(0).hasAuthorization()).isTrue();
  }

  @Test
  void problemsComeWithTheConfigTheyDoNotPrevent() {
    List<Resource<?>> resources =
        TestSnapshots.resources(
            """
            type: Dataplane
            mesh: default
            name: gw-1
            networking:
              address: 10.0.0.1
              gateway:
                type: BUILTIN
                tags:
                  kuma.io/service: edge
            ---
            type: MeshGateway
            mesh: default
            name: edge
            selectors:
              - match:
                  kuma.io/service: edge
            conf:
              listeners:
                - port: 8080
                  protocol: HTTP
                - port: 8443
                  protocol: HTTPS
                  tls:
                    mode: TERMINATE
                    certificates:
                      - secret: nowhere
            """);
    MeshSnapshot snapshot = TestSnapshots.snapshot(resources);
    Resource<io.portico.mesh.api.dataplane.DataplaneSpec> dataplane =
        TestSnapshots.dataplane(resources, "gw-1");
    ProxyConfigCompiler.Compilation compilation =
        new ProxyConfigCompiler().compileWithProblems(snapshot, dataplane);
    assertThat(compilation.config())
        .isEqualTo(new ProxyConfigCompiler().compile(snapshot, dataplane));
    assertThat(compilation.config().getListenersList())
        .extracting(l -> l.getName())
        .containsExactly("edge:HTTP:8080");
    assertThat(compilation.problems())
        .extracting(Object::toString)
        .containsExactly(
            "listener edge:HTTPS:8443: host *: certificate secret \"nowhere\":"
                + " secret \"nowhere\" not found");
  }

  @Test
  void snapshotPoliciesAreTypedByResourceType() {
    MeshSnapshot snapshot = TestSnapshots.snapshot(TestSnapshots.resources(RESOURCES));
    assertThat(snapshot.policies(ResourceTypes.TIMEOUT))
        .singleElement()
        .satisfies(t -> assertThat(t.spec().conf().connectTimeout()).hasSeconds(1));
    assertThat(snapshot.policies(ResourceTypes.RETRY)).isEmpty();
  }
}
