package io.portico.cp.compiler;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.codec.ParsedDocument;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec;
import io.portico.mesh.api.gateway.MeshGatewaySpec;
import io.portico.mesh.api.mesh.MeshSpec;
import io.portico.mesh.api.policy.ExternalServiceSpec;
import io.portico.mesh.api.types.ResourceTypes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds mesh snapshots from Universal YAML (one or many documents), as the control plane would
 * from its store. Without a {@code type: Mesh} document the mesh is {@code default} with an empty
 * spec. Every resource must be valid: a validation error fails the test that loads it.
 */
public final class TestSnapshots {
  private static final ResourceCodec CODEC = ResourceCodec.standard();

  private TestSnapshots() {}

  /** The resources of a YAML text, validated. */
  public static List<Resource<?>> resources(String yaml) {
    List<Resource<?>> out = new ArrayList<>();
    for (ParsedDocument doc : CODEC.readDocuments(yaml)) {
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

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<?> validate(Resource<?> resource) {
    io.portico.mesh.api.Validator validator = resource.type().validator();
    return validator.violations(resource.spec());
  }

  /** A snapshot of the given resources, in their given order. */
  public static MeshSnapshot snapshot(List<Resource<?>> resources) {
    return snapshot(resources, null);
  }

  /**
   * A snapshot of the given resources; with a random source, every list is shuffled (to prove that
   * compilation does not depend on input order).
   */
  public static MeshSnapshot snapshot(List<Resource<?>> resources, Random shuffle) {
    Resource<MeshSpec> mesh = null;
    List<Resource<DataplaneSpec>> dataplanes = new ArrayList<>();
    List<Resource<MeshGatewaySpec>> gateways = new ArrayList<>();
    List<Resource<MeshGatewayRouteSpec>> routes = new ArrayList<>();
    List<Resource<ExternalServiceSpec>> externalServices = new ArrayList<>();
    Map<String, List<Resource<? extends ResourceSpec>>> policies = new LinkedHashMap<>();
    for (Resource<?> resource : resources) {
      if (resource.type().equals(ResourceTypes.MESH)) {
        mesh = resource.as(ResourceTypes.MESH);
      } else if (resource.type().equals(ResourceTypes.DATAPLANE)) {
        dataplanes.add(resource.as(ResourceTypes.DATAPLANE));
      } else if (resource.type().equals(ResourceTypes.MESH_GATEWAY)) {
        gateways.add(resource.as(ResourceTypes.MESH_GATEWAY));
      } else if (resource.type().equals(ResourceTypes.MESH_GATEWAY_ROUTE)) {
        routes.add(resource.as(ResourceTypes.MESH_GATEWAY_ROUTE));
      } else if (resource.type().equals(ResourceTypes.EXTERNAL_SERVICE)) {
        externalServices.add(resource.as(ResourceTypes.EXTERNAL_SERVICE));
      } else if (!resource.type().equals(ResourceTypes.SECRET)) {
        policies.computeIfAbsent(resource.type().name(), t -> new ArrayList<>()).add(resource);
      }
    }
    if (mesh == null) {
      mesh =
          CODEC
              .readResource("type: Mesh\nname: " + meshOf(resources) + "\n")
              .as(ResourceTypes.MESH);
    }
    if (shuffle != null) {
      Collections.shuffle(dataplanes, shuffle);
      Collections.shuffle(gateways, shuffle);
      Collections.shuffle(routes, shuffle);
      Collections.shuffle(externalServices, shuffle);
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
    return new MeshSnapshot(mesh, dataplanes, gateways, routes, externalServices, policies, "test");
  }

  /** The dataplane named {@code name} among {@code resources}. */
  public static Resource<DataplaneSpec> dataplane(List<Resource<?>> resources, String name) {
    return resources.stream()
        .filter(r -> r.type().equals(ResourceTypes.DATAPLANE) && r.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no dataplane " + name))
        .as(ResourceTypes.DATAPLANE);
  }

  private static String meshOf(List<Resource<?>> resources) {
    return resources.stream()
        .map(Resource::mesh)
        .filter(m -> !m.isEmpty())
        .findFirst()
        .orElse("default");
  }
}
