package io.portico.cp.k8s;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.portico.mesh.api.types.KubernetesKinds;
import io.portico.mesh.api.types.KubernetesKinds.KubernetesKind;
import java.util.Collection;

/** Registers custom resource definitions with a (mock) API server, as the installer would. */
public final class TestCrds {
  static {
    // fabric8's mock API server logs every request at INFO through java.util.logging.
    java.util.logging.Logger.getLogger("io.fabric8.mockwebserver")
        .setLevel(java.util.logging.Level.WARNING);
  }

  private TestCrds() {}

  /** Every custom resource kind of Portico. */
  public static void registerAll(KubernetesClient client) {
    register(client, KubernetesKinds.all());
  }

  public static void register(KubernetesClient client, Collection<KubernetesKind> kinds) {
    for (KubernetesKind kind : kinds) {
      if (!kind.isSecret()) {
        client.apiextensions().v1().customResourceDefinitions().resource(crd(kind)).create();
      }
    }
  }

  static CustomResourceDefinition crd(KubernetesKind kind) {
    var spec =
        new CustomResourceDefinitionBuilder()
            .withNewMetadata()
            .withName(kind.crdName())
            .endMetadata()
            .withNewSpec()
            .withGroup(KubernetesKinds.GROUP)
            .withScope(kind.isNamespaced() ? "Namespaced" : "Cluster")
            .withNewNames()
            .withKind(kind.kind())
            .withPlural(kind.plural())
            .withSingular(kind.singular())
            .endNames()
            .addNewVersion()
            .withName(KubernetesKinds.VERSION)
            .withServed(true)
            .withStorage(true)
            .withNewSchema()
            .withNewOpenAPIV3Schema()
            .withType("object")
            .withXKubernetesPreserveUnknownFields(true)
            .endOpenAPIV3Schema()
            .endSchema();
    if (kind.hasStatusSubresource()) {
      spec = spec.withNewSubresources().withNewStatus().endStatus().endSubresources();
    }
    return spec.endVersion().endSpec().build();
  }
}
