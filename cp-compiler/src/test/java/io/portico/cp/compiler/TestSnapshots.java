package io.portico.cp.compiler;

import io.portico.cp.compiler.MeshSnapshot.CrossMeshGateway;
import io.portico.cp.compiler.MeshSnapshot.ResolvedData;
import io.portico.mesh.api.DataSource;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.codec.ParsedDocument;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.gateway.GatewaySelection;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec;
import io.portico.mesh.api.gateway.MeshGatewaySpec;
import io.portico.mesh.api.mesh.MeshSpec;
import io.portico.mesh.api.policy.ExternalServiceSpec;
import io.portico.mesh.api.secret.SecretSpec;
import io.portico.mesh.api.types.ResourceTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds mesh snapshots from Universal YAML (one or many documents, one or several meshes), as the
 * control plane would from its store. Without a {@code type: Mesh} document a mesh has an empty
 * spec. Every resource must be valid: a validation error fails the test that loads it.
 *
 * <p>What the control plane resolves, the harness resolves from the same resources: the mesh's CA
 * certificates ({@code trustedCaPems}: the {@code <mesh>.ca-builtin-cert-<backend>} secret of a
 * builtin backend, the {@code conf.cert} data source of a provided one, enabled backend first), the
 * data sources of gateway certificates, ExternalService TLS and provided CAs ({@code secret}: the
 * mesh's Secret, {@code inline}: decoded, {@code inlineString}: as is, {@code file}: never read, an
 * error), and the crossMesh MeshGateways of every mesh of the input with the gateway dataplanes
 * each configures.
 *
 * <p>Test PKI: {@code ${pki:<file>}} in the YAML is replaced by the base64 of {@code
 * src/test/resources/pki/<file>} (for Secret {@code data}).
 */
public final class TestSnapshots {
  private static final ResourceCodec CODEC = ResourceCodec.standard();

  /**
   * A builtin gateway dataplane {@code gw-1} ({@code kuma.io/service: edge-gw}, 10.0.0.9) and the
   * MeshGateway {@code edge} selecting it, one HTTP listener on 8080; ends with {@code ---}.
   */
  public static final String EDGE_GATEWAY =
      """
      type: Dataplane
      mesh: default
      name: gw-1
      networking:
        address: 10.0.0.9
        gateway:
          type: BUILTIN
          tags: {kuma.io/service: edge-gw}
      ---
      type: MeshGateway
      mesh: default
      name: edge
      selectors:
        - match: {kuma.io/service: edge-gw}
      conf:
        listeners:
          - port: 8080
            protocol: HTTP
      ---
      """;

  static final Path PKI = Path.of("src/test/resources/pki");
  private static final Pattern PKI_REFERENCE = Pattern.compile("\\$\\{pki:([A-Za-z0-9._-]+)}");

  private TestSnapshots() {}

  /** The resources of a YAML text, validated. */
  public static List<Resource<?>> resources(String yaml) {
    List<Resource<?>> out = new ArrayList<>();
    for (ParsedDocument doc : CODEC.readDocuments(withPki(yaml))) {
      if (!doc.isParsed()) {
        throw new IllegalArgumentException(doc.describe() + ": " + doc.violations());
      }
      Resource<?> resource = doc.resource();
      var errors = validate(resource);
      if (!errors.isEmpty()) {
        throw new IllegalArgumentException(
            resource.key() + " is invalid: " + errors + " (" + doc.describe() + ")");
      }
      out.add(resource);
    }
    return out;
  }

  /** The text of a test PKI file. */
  public static String pki(String file) {
    try {
      return Files.readString(PKI.resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String withPki(String yaml) {
    Matcher matcher = PKI_REFERENCE.matcher(yaml);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String base64 =
          Base64.getEncoder()
              .encodeToString(pki(matcher.group(1)).getBytes(StandardCharsets.UTF_8));
      matcher.appendReplacement(out, Matcher.quoteReplacement(base64));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<?> validate(Resource<?> resource) {
    io.portico.mesh.api.Validator validator = resource.type().validator();
    return validator.violations(resource.spec());
  }

  /** A snapshot of the first mesh of the given resources, in their given order. */
  public static MeshSnapshot snapshot(List<Resource<?>> resources) {
    return snapshot(resources, meshOf(resources), null);
  }

  /**
   * A snapshot of the first mesh of the given resources; with a random source, every list is
   * shuffled (to prove that compilation does not depend on input order).
   */
  public static MeshSnapshot snapshot(List<Resource<?>> resources, Random shuffle) {
    return snapshot(resources, meshOf(resources), shuffle);
  }

  /** A snapshot of mesh {@code meshName}; lists shuffled when {@code shuffle} is set. */
  public static MeshSnapshot snapshot(
      List<Resource<?>> resources, String meshName, Random shuffle) {
    Resource<MeshSpec> mesh = mesh(resources, meshName);
    List<Resource<DataplaneSpec>> dataplanes = new ArrayList<>();
    List<Resource<MeshGatewaySpec>> gateways = new ArrayList<>();
    List<Resource<MeshGatewayRouteSpec>> routes = new ArrayList<>();
    List<Resource<ExternalServiceSpec>> externalServices = new ArrayList<>();
    Map<String, List<Resource<? extends ResourceSpec>>> policies = new LinkedHashMap<>();
    for (Resource<?> resource : inMesh(resources, meshName)) {
      if (resource.type().equals(ResourceTypes.DATAPLANE)) {
        dataplanes.add(resource.as(ResourceTypes.DATAPLANE));
      } else if (resource.type().equals(ResourceTypes.MESH_GATEWAY)) {
        gateways.add(resource.as(ResourceTypes.MESH_GATEWAY));
      } else if (resource.type().equals(ResourceTypes.MESH_GATEWAY_ROUTE)) {
        routes.add(resource.as(ResourceTypes.MESH_GATEWAY_ROUTE));
      } else if (resource.type().equals(ResourceTypes.EXTERNAL_SERVICE)) {
        externalServices.add(resource.as(ResourceTypes.EXTERNAL_SERVICE));
      } else if (!resource.type().equals(ResourceTypes.SECRET)
          && !resource.type().equals(ResourceTypes.MESH)) {
        policies.computeIfAbsent(resource.type().name(), t -> new ArrayList<>()).add(resource);
      }
    }
    List<CrossMeshGateway> crossMesh = crossMeshGateways(resources);
    if (shuffle != null) {
      Collections.shuffle(dataplanes, shuffle);
      Collections.shuffle(gateways, shuffle);
      Collections.shuffle(routes, shuffle);
      Collections.shuffle(externalServices, shuffle);
      Collections.shuffle(crossMesh, shuffle);
      Map<String, List<Resource<? extends ResourceSpec>>> shuffled = new LinkedHashMap<>();
      List<String> types = new ArrayList<>(policies.keySet());
      Collections.shuffle(types, shuffle);
      for (String type : types) {
        List<Resource<? extends ResourceSpec>> list = new ArrayList<>(policies.get(type));
        Collections.shuffle(list, shuffle);
        shuffled.put(type, list);
      }
      policies = shuffled;
    }
    return new MeshSnapshot(
        mesh,
        dataplanes,
        gateways,
        routes,
        externalServices,
        policies,
        trustedCaPems(resources, mesh),
        dataSources(resources, meshName, gateways, externalServices, mesh),
        crossMesh,
        meshCaPems(resources),
        "test");
  }

  /** The CA certificates of every mesh among {@code resources} that has some. */
  private static Map<String, List<String>> meshCaPems(List<Resource<?>> resources) {
    Map<String, List<String>> cas = new java.util.TreeMap<>();
    for (Resource<?> r : resources) {
      if (r.type().equals(ResourceTypes.MESH)) {
        List<String> pems = trustedCaPems(resources, r.as(ResourceTypes.MESH));
        if (!pems.isEmpty()) {
          cas.put(r.name(), pems);
        }
      }
    }
    return cas;
  }

  /** The dataplane named {@code name} among {@code resources}. */
  public static Resource<DataplaneSpec> dataplane(List<Resource<?>> resources, String name) {
    return resources.stream()
        .filter(r -> r.type().equals(ResourceTypes.DATAPLANE) && r.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no dataplane " + name))
        .as(ResourceTypes.DATAPLANE);
  }

  private static Resource<MeshSpec> mesh(List<Resource<?>> resources, String meshName) {
    return resources.stream()
        .filter(r -> r.type().equals(ResourceTypes.MESH) && r.name().equals(meshName))
        .findFirst()
        .map(r -> r.as(ResourceTypes.MESH))
        .orElseGet(
            () ->
                CODEC.readResource("type: Mesh\nname: " + meshName + "\n").as(ResourceTypes.MESH));
  }

  private static List<Resource<?>> inMesh(List<Resource<?>> resources, String meshName) {
    return resources.stream().filter(r -> r.mesh().equals(meshName)).toList();
  }

  /** Every mesh of the input: those named by a Mesh document or by a resource, in input order. */
  private static List<String> meshes(List<Resource<?>> resources) {
    Set<String> out = new LinkedHashSet<>();
    for (Resource<?> resource : resources) {
      out.add(resource.type().equals(ResourceTypes.MESH) ? resource.name() : resource.mesh());
    }
    out.remove("");
    return List.copyOf(out);
  }

  /** The CA certificates of a mesh with mTLS, enabled backend first; empty without mTLS. */
  private static List<String> trustedCaPems(List<Resource<?>> resources, Resource<MeshSpec> mesh) {
    MeshSpec spec = mesh.spec();
    if (!spec.isMtlsEnabled()) {
      return List.of();
    }
    List<MeshSpec.CertificateAuthorityBackend> backends = new ArrayList<>(spec.mtls().backends());
    backends.sort(
        (a, b) ->
            Boolean.compare(
                !a.name().equals(spec.mtls().enabledBackend()),
                !b.name().equals(spec.mtls().enabledBackend())));
    List<String> out = new ArrayList<>();
    for (MeshSpec.CertificateAuthorityBackend backend : backends) {
      DataSource cert =
          backend.type().equals("builtin")
              ? DataSource.ofSecret(mesh.name() + ".ca-builtin-cert-" + backend.name())
              : providedCert(backend);
      ResolvedData data = resolve(resources, mesh.name(), cert);
      if (data.isResolved()) {
        out.add(data.content());
      }
    }
    return out;
  }

  private static DataSource providedCert(MeshSpec.CertificateAuthorityBackend backend) {
    var cert = backend.conf() == null ? null : backend.conf().path("cert");
    if (cert == null || !cert.isObject()) {
      return new DataSource("", "", "", "");
    }
    return new DataSource(
        cert.path("secret").asText(""),
        cert.path("file").asText(""),
        cert.path("inline").asText(""),
        cert.path("inlineString").asText(""));
  }

  private static Map<DataSource, ResolvedData> dataSources(
      List<Resource<?>> resources,
      String meshName,
      List<Resource<MeshGatewaySpec>> gateways,
      List<Resource<ExternalServiceSpec>> externalServices,
      Resource<MeshSpec> mesh) {
    List<DataSource> named = new ArrayList<>();
    for (Resource<MeshGatewaySpec> gateway : gateways) {
      if (gateway.spec().conf() != null) {
        gateway.spec().conf().listeners().stream()
            .filter(l -> l != null && l.tls() != null)
            .forEach(l -> named.addAll(l.tls().certificates()));
      }
    }
    for (Resource<ExternalServiceSpec> service : externalServices) {
      var networking = service.spec().networking();
      if (networking != null && networking.tls() != null) {
        named.add(networking.tls().caCert());
        named.add(networking.tls().clientCert());
        named.add(networking.tls().clientKey());
      }
    }
    if (mesh.spec().mtls() != null) {
      mesh.spec().mtls().backends().stream()
          .filter(b -> b.type().equals("provided"))
          .forEach(b -> named.add(providedCert(b)));
    }
    Map<DataSource, ResolvedData> out = new LinkedHashMap<>();
    for (DataSource source : named) {
      if (source != null && !source.isEmpty()) {
        out.put(source, resolve(resources, meshName, source));
      }
    }
    return out;
  }

  private static ResolvedData resolve(
      List<Resource<?>> resources, String meshName, DataSource source) {
    return switch (source.kind()) {
      case SECRET -> {
        Optional<Resource<SecretSpec>> secret =
            inMesh(resources, meshName).stream()
                .filter(r -> r.type().equals(ResourceTypes.SECRET))
                .filter(r -> r.name().equals(source.secret()))
                .findFirst()
                .map(r -> r.as(ResourceTypes.SECRET));
        yield secret
            .map(s -> ResolvedData.of(new String(s.spec().bytes(), StandardCharsets.UTF_8)))
            .orElseGet(() -> ResolvedData.failed("secret \"" + source.secret() + "\" not found"));
      }
      case INLINE ->
          ResolvedData.of(
              new String(Base64.getDecoder().decode(source.inline()), StandardCharsets.UTF_8));
      case INLINE_STRING -> ResolvedData.of(source.inlineString());
      case FILE -> ResolvedData.failed("files are not read by the test harness");
      case NONE -> ResolvedData.failed("empty data source");
    };
  }

  /** The crossMesh MeshGateways of every mesh, each with the dataplanes it configures. */
  private static List<CrossMeshGateway> crossMeshGateways(List<Resource<?>> resources) {
    List<CrossMeshGateway> out = new ArrayList<>();
    for (String meshName : meshes(resources)) {
      List<Resource<?>> own = inMesh(resources, meshName);
      List<Resource<MeshGatewaySpec>> gateways =
          own.stream()
              .filter(r -> r.type().equals(ResourceTypes.MESH_GATEWAY))
              .map(r -> r.as(ResourceTypes.MESH_GATEWAY))
              .toList();
      List<String> cas = trustedCaPems(resources, mesh(resources, meshName));
      for (Resource<MeshGatewaySpec> gateway : gateways) {
        if (!gateway.spec().isCrossMesh()) {
          continue;
        }
        List<Resource<DataplaneSpec>> dataplanes =
            own.stream()
                .filter(r -> r.type().equals(ResourceTypes.DATAPLANE))
                .map(r -> r.as(ResourceTypes.DATAPLANE))
                .filter(d -> d.spec().isBuiltinGateway())
                .filter(
                    d ->
                        GatewaySelection.select(gateways, d.spec().networking().gateway().tags())
                            .map(g -> g.name().equals(gateway.name()))
                            .orElse(false))
                .toList();
        out.add(new CrossMeshGateway(meshName, gateway, dataplanes, cas));
      }
    }
    return out;
  }

  private static String meshOf(List<Resource<?>> resources) {
    List<String> meshes = meshes(resources);
    return meshes.isEmpty() ? "default" : meshes.get(0);
  }
}
