package io.portico.cp.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.mesh.api.Resource;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What a snapshot derives once for every proxy's compilation, and its lookups. */
class MeshSnapshotTest {
  private static final String YAML =
      """
      type: Mesh
      name: default
      ---
      type: Dataplane
      mesh: default
      name: web-1
      networking:
        address: 10.0.0.1
        inbound:
          - {port: 1001, servicePort: 8080, tags: {kuma.io/service: web}}
      ---
      type: Dataplane
      mesh: default
      name: web-2
      networking:
        address: 10.0.0.2
        inbound:
          - {port: 1001, servicePort: 8080, tags: {kuma.io/service: web}}
      """;

  @Test
  void aDataplaneIsFoundByName() {
    MeshSnapshot snapshot = TestSnapshots.snapshot(TestSnapshots.resources(YAML));
    assertThat(snapshot.dataplane("web-2").map(Resource::name)).contains("web-2");
    assertThat(snapshot.dataplane("web-3")).isEmpty();
  }

  @Test
  void theCompilationInputsAreComputedOncePerSnapshot() {
    MeshSnapshot snapshot = TestSnapshots.snapshot(TestSnapshots.resources(YAML), new Random(7));
    CompilationInputs first = snapshot.compilationInputs();
    assertThat(snapshot.compilationInputs()).isSameAs(first);
    assertThat(first.context().dataplanes())
        .extracting(Resource::name)
        .as("sorted by name whatever the snapshot's order")
        .isEqualTo(List.of("web-1", "web-2"));
  }

  @Test
  void snapshotsAreEqualByTheirComponentsOnly() {
    List<Resource<?>> resources = TestSnapshots.resources(YAML);
    MeshSnapshot used = TestSnapshots.snapshot(resources);
    used.compilationInputs();
    MeshSnapshot fresh = TestSnapshots.snapshot(resources);
    assertThat(used).isEqualTo(fresh).hasSameHashCodeAs(fresh);
  }
}
