package io.portico.cp;

import io.portico.cp.secret.SecretData;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.ResourceType;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.types.ResourceTypes;
import java.util.ArrayList;
import java.util.List;

/**
 * Resource types for control-plane tests: the standard ones, with Secret and GlobalSecret specs
 * that keep {@code data} while the real spec records are still placeholders (then the standard
 * types are used unchanged).
 */
public final class TestTypes {
  /** A secret spec with base64 {@code data}, as Kuma's. */
  public record FakeSecretSpec(String data) implements ResourceSpec {}

  private TestTypes() {}

  public static ResourceTypes withSecretData() {
    ResourceTypes standard = ResourceTypes.standard();
    if (new SecretData(new ResourceCodec(standard)).isDataRetained()) {
      return standard;
    }
    List<ResourceType<?>> types = new ArrayList<>();
    for (ResourceType<?> t : standard.all()) {
      if (t.name().equals(SecretData.SECRET) || t.name().equals(SecretData.GLOBAL_SECRET)) {
        types.add(
            new ResourceType<>(
                t.name(),
                t.plural(),
                t.cliSingular(),
                t.cliPlural(),
                t.scope(),
                t.shape(),
                FakeSecretSpec.class,
                (spec, errors) -> {},
                t.adminOnly()));
      } else {
        types.add(t);
      }
    }
    return new ResourceTypes(types);
  }
}
