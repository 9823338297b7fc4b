package io.portico.cp.store.manager;

import io.portico.cp.store.ListQuery;
import io.portico.cp.store.ResourceConflictException;
import io.portico.cp.store.ResourceNotFoundException;
import io.portico.cp.store.ResourcePage;
import io.portico.cp.store.ResourceStore;
import io.portico.cp.store.UnreadableResourceException;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceKey;
import io.portico.mesh.api.ResourceMeta;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.ResourceType;
import io.portico.mesh.api.ValidationContext;
import io.portico.mesh.api.Validator;
import io.portico.mesh.api.types.KubernetesKinds;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.NameRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Validates and writes resources: names and meshes are checked, the spec is validated with access
 * to other resources, every error is reported at once, and a resource of a missing mesh is refused.
 * Nothing is written when anything is wrong.
 */
public final class ResourceManager {
  private static final int UPSERT_ATTEMPTS = 5;
  private static final String MESH_TYPE = "Mesh";
  private static final String DATAPLANE_TYPE = "Dataplane";

  /** Kuma's words (pkg/core/managers/apis/mesh/mesh_validator.go, ValidateDelete). */
  static final String MESH_HAS_DATAPLANES =
      "unable to delete mesh, there are still some dataplanes attached";

  private final ResourceStore store;
  private final ResourceTypes types;
  private final boolean unsafeDelete;
  private final List<ResourceHook> hooks = new CopyOnWriteArrayList<>();
  private final ValidationContext context;
  private final NameRules.Environment names;

  public ResourceManager(ResourceStore store, ResourceTypes types) {
    this(store, types, false);
  }

  /**
   * @param unsafeDelete whether a Mesh may be deleted while dataplanes are still in it ({@code
   *     store.unsafeDelete}, spec/core.md §8; false by default)
   */
  public ResourceManager(ResourceStore store, ResourceTypes types, boolean unsafeDelete) {
    this(store, types, unsafeDelete, NameRules.Environment.UNIVERSAL);
  }

  /**
   * @param names whose rules names follow: Universal's, or Kubernetes' {@code <name>.<namespace>}
   *     (spec/kubernetes.md §2.3)
   */
  public ResourceManager(
      ResourceStore store, ResourceTypes types, boolean unsafeDelete, NameRules.Environment names) {
    this.store = store;
    this.types = types;
    this.unsafeDelete = unsafeDelete;
    this.names = Objects.requireNonNull(names, "names");
    this.context = new StoreValidationContext();
  }

  /** Whose rules names follow. */
  public NameRules.Environment names() {
    return names;
  }

  public ResourceStore store() {
    return store;
  }

  public ResourceTypes types() {
    return types;
  }

  public void addHook(ResourceHook hook) {
    hooks.add(hook);
  }

  /**
   * Validates and creates a resource.
   *
   * @throws io.portico.mesh.api.validation.ValidationException listing every problem
   * @throws MeshNotFoundException when its mesh does not exist
   * @throws io.portico.cp.store.ResourceAlreadyExistsException when it exists
   */
  public <S extends ResourceSpec> Resource<S> create(Resource<S> resource) {
    check(resource, Optional.empty());
    Resource<S> created = store.create(resource);
    hooks.forEach(h -> h.afterCreate(created));
    return created;
  }

  /**
   * Validates and replaces a resource. A version of 0 means "whatever is stored now".
   *
   * @throws io.portico.mesh.api.validation.ValidationException listing every problem
   * @throws ResourceNotFoundException when it does not exist
   * @throws ResourceConflictException when the given version is stale
   */
  public <S extends ResourceSpec> Resource<S> update(Resource<S> resource) {
    Optional<Resource<S>> previous;
    ResourceMeta currentMeta;
    try {
      Resource<S> current =
          store
              .get(resource.type(), resource.mesh(), resource.name())
              .orElseThrow(
                  () ->
                      new ResourceNotFoundException(
                          resource.key(), resource.key() + " does not exist"));
      previous = Optional.of(current);
      currentMeta = current.meta();
    } catch (UnreadableResourceException e) {
      // Replacing what cannot be read is how it is repaired: it has no previous spec to compare.
      previous = Optional.empty();
      currentMeta = e.meta();
    }
    check(resource, previous);
    long version =
        resource.meta().version() == 0 ? currentMeta.version() : resource.meta().version();
    ResourceMeta meta =
        new ResourceMeta(
            resource.mesh(), resource.name(), version, currentMeta.creationTime(), null);
    return store.update(resource.withMeta(meta));
  }

  /** Creates the resource or replaces the stored one, retrying on concurrent changes. */
  public <S extends ResourceSpec> UpsertResult upsert(Resource<S> resource) {
    for (int attempt = 1; ; attempt++) {
      Optional<ResourceMeta> current;
      try {
        current = store.get(resource.type(), resource.mesh(), resource.name()).map(Resource::meta);
      } catch (UnreadableResourceException e) {
        current = Optional.of(e.meta());
      }
      try {
        if (current.isEmpty()) {
          return new UpsertResult(create(resource), true);
        }
        Resource<S> next =
            resource.withMeta(
                new ResourceMeta(
                    resource.mesh(),
                    resource.name(),
                    current.get().version(),
                    current.get().creationTime(),
                    null));
        return new UpsertResult(update(next), false);
      } catch (ResourceConflictException
          | ResourceNotFoundException
          | io.portico.cp.store.ResourceAlreadyExistsException e) {
        if (attempt >= UPSERT_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /**
   * Deletes a resource; deleting a Mesh deletes the resources of the mesh too. A Mesh that still
   * has dataplanes is refused (unless {@code unsafeDelete}), and hooks may refuse more.
   *
   * @throws io.portico.mesh.api.validation.ValidationException when refused, with field {@code
   *     mesh} for a Mesh that has dataplanes
   * @throws ResourceNotFoundException when it does not exist
   */
  public void delete(ResourceType<?> type, String mesh, String name) {
    ResourceKey key = new ResourceKey(type.name(), type.isMeshScoped() ? mesh : "", name);
    if (!exists(type, mesh, name)) {
      throw new ResourceNotFoundException(key, key + " does not exist");
    }
    Errors errors = new Errors();
    if (MESH_TYPE.equals(type.name()) && !unsafeDelete) {
      checkNoDataplanes(name, errors);
    }
    hooks.forEach(h -> h.beforeDelete(key, errors));
    errors.throwIfAny();
    store.delete(type, mesh, name);
    hooks.forEach(h -> h.afterDelete(key));
  }

  /** Whether the resource is stored, readable or not. */
  public boolean exists(ResourceType<?> type, String mesh, String name) {
    try {
      return store.get(type, mesh, name).isPresent();
    } catch (UnreadableResourceException e) {
      return true;
    }
  }

  public <S extends ResourceSpec> Optional<Resource<S>> get(
      ResourceType<S> type, String mesh, String name) {
    return store.get(type, mesh, name);
  }

  public <S extends ResourceSpec> ResourcePage<S> list(ResourceType<S> type, ListQuery query) {
    return store.list(type, query);
  }

  /** Validation as the manager does it, without writing: every violation, or an empty list. */
  public List<io.portico.mesh.api.validation.Violation> validate(Resource<?> resource) {
    Errors errors = new Errors();
    validateInto(resource, errors);
    if (errors.isEmpty() && !hooks.isEmpty()) {
      Optional<Resource<?>> previous;
      try {
        previous = store.get(resource.type(), resource.mesh(), resource.name()).map(r -> r);
      } catch (UnreadableResourceException e) {
        previous = Optional.empty();
      }
      for (ResourceHook hook : hooks) {
        hook.validate(resource, previous, errors);
      }
    }
    return errors.violations();
  }

  private void checkNoDataplanes(String mesh, Errors errors) {
    types
        .byName(DATAPLANE_TYPE)
        .filter(dataplanes -> store.list(dataplanes, new ListQuery(mesh, 0, 1)).total() > 0)
        .ifPresent(dataplanes -> errors.add("mesh", MESH_HAS_DATAPLANES));
  }

  private <S extends ResourceSpec> void check(
      Resource<S> resource, Optional<Resource<S>> previous) {
    Errors errors = new Errors();
    validateInto(resource, errors);
    errors.throwIfAny();
    if (resource.type().isMeshScoped()
        && types.byName(MESH_TYPE).filter(t -> exists(t, "", resource.mesh())).isEmpty()) {
      throw new MeshNotFoundException(resource.mesh());
    }
    Optional<Resource<?>> prev = previous.map(r -> r);
    hooks.forEach(h -> h.beforeWrite(resource, prev, errors));
    errors.throwIfAny();
  }

  private <S extends ResourceSpec> void validateInto(Resource<S> resource, Errors errors) {
    boolean namespaced =
        KubernetesKinds.of(resource.type().name())
            .map(k -> k.isNamespaced() && !k.isSecret())
            .orElse(false);
    NameRules.validate(names, "name", resource.name(), namespaced, errors);
    if (resource.type().isMeshScoped()) {
      NameRules.validate(names, "mesh", resource.mesh(), false, errors);
    }
    Validator<S> validator = resource.type().validator();
    validator.validate(resource.spec(), resource.meta(), context, errors);
  }

  private final class StoreValidationContext implements ValidationContext {
    @Override
    public Optional<Resource<?>> find(String typeName, String mesh, String name) {
      try {
        return types.byName(typeName).flatMap(t -> store.get(t, mesh, name).map(r -> r));
      } catch (UnreadableResourceException e) {
        return Optional.empty();
      }
    }

    @Override
    public List<Resource<?>> list(String typeName, String mesh) {
      List<Resource<?>> out = new ArrayList<>();
      types
          .byName(typeName)
          .ifPresent(t -> out.addAll(store.list(t, ListQuery.inMesh(mesh)).items()));
      return out;
    }
  }
}
