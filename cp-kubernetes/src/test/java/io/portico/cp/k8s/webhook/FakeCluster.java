package io.portico.cp.k8s.webhook;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The lookups over plain maps: what the cluster holds in a test. */
final class FakeCluster implements MeshLookup, NamespaceLookup, SecretUsage {
  private final Map<String, String> meshUids = new HashMap<>();
  private final Set<String> meshesWithDataplanes = new HashSet<>();
  private final Map<String, String> dataplaneUids = new HashMap<>();
  private final Map<String, NamespaceMetadata> namespaces = new HashMap<>();
  private final Map<String, List<String>> secretUsers = new HashMap<>();

  FakeCluster mesh(String name, String uid) {
    meshUids.put(name, uid);
    return this;
  }

  FakeCluster dataplane(String namespace, String name, String mesh, String uid) {
    dataplaneUids.put(namespace + "/" + name, uid);
    meshesWithDataplanes.add(mesh);
    return this;
  }

  FakeCluster namespace(String name, Map<String, String> labels, Map<String, String> annotations) {
    namespaces.put(name, new NamespaceMetadata(labels, annotations));
    return this;
  }

  FakeCluster secretUsedBy(String mesh, String secret, String backend) {
    secretUsers.computeIfAbsent(mesh + "/" + secret, k -> new ArrayList<>()).add(backend);
    return this;
  }

  @Override
  public Optional<String> meshUid(String mesh) {
    return Optional.ofNullable(meshUids.get(mesh));
  }

  @Override
  public boolean hasDataplanes(String mesh) {
    return meshesWithDataplanes.contains(mesh);
  }

  @Override
  public Optional<String> dataplaneUid(String namespace, String name) {
    return Optional.ofNullable(dataplaneUids.get(namespace + "/" + name));
  }

  @Override
  public Optional<NamespaceMetadata> namespace(String name) {
    return Optional.ofNullable(namespaces.get(name));
  }

  @Override
  public List<String> mtlsBackendsUsing(String mesh, String secret) {
    return secretUsers.getOrDefault(mesh + "/" + secret, List.of());
  }
}
