package io.portico.cp.k8s.store;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.portico.cp.store.ChangeFeed;
import io.portico.cp.store.ChangeListener;
import io.portico.cp.store.LeaderElection;
import io.portico.cp.store.ListQuery;
import io.portico.cp.store.ResourceAlreadyExistsException;
import io.portico.cp.store.ResourceChange;
import io.portico.cp.store.ResourceConflictException;
import io.portico.cp.store.ResourceNotFoundException;
import io.portico.cp.store.ResourcePage;
import io.portico.cp.store.ResourceStore;
import io.portico.cp.store.StoreException;
import io.portico.cp.store.Subscription;
import io.portico.cp.store.UnreadableResourceException;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceKey;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.ResourceType;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.types.KubernetesKinds;
import io.portico.mesh.api.types.KubernetesKinds.KubernetesKind;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.mesh.api.validation.ValidationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store on the Kubernetes API (spec/kubernetes.md §2–§3): every type as a custom resource of
 * {@code kuma.io/v1alpha1} (Secrets as {@code v1/Secret}s of the system namespace), named as Kuma
 * names them ({@code <name>.<namespace>} for namespaced kinds).
 *
 * <ul>
 *   <li><b>Reads</b> come from one informer cache per kind, never from an API call per request; the
 *       informers start, list and watch before the store serves. A write is visible to the next
 *       read at once (an overlay of recent writes covers the time until the watch brings it back).
 *   <li><b>Writes</b> are API calls: create, update with the {@code resourceVersion} read before (a
 *       stale one is a {@link ResourceConflictException}, 409 at the REST API), delete. A
 *       mesh-scoped resource created by the control plane is owned by its Mesh (a non-controller
 *       owner reference); deleting a Mesh deletes what it owns here, not relying on the garbage
 *       collector (D4).
 *   <li><b>Changes</b> of every kind reach subscribers from the informers' watches, including other
 *       writers' (kubectl, other control planes). A watch that breaks is re-listed by the informer,
 *       which reports what changed meanwhile.
 *   <li>A custom resource whose body is not a valid spec (a webhook was bypassed) is reported once
 *       per version in the log and left out of listings; getting it is an {@link
 *       UnreadableResourceException}.
 * </ul>
 *
 * <p>Listings are sorted by (mesh, name) and paged like the other stores; {@code total} counts the
 * objects of the kind in the mesh.
 */
public final class KubernetesStore implements ResourceStore {
  private static final Logger log = LoggerFactory.getLogger(KubernetesStore.class);
  private static final String MESH_TYPE = "Mesh";
  private static final Duration OVERLAY_LIFETIME = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final ResourceTypes types;
  private final Function<String, Optional<KubernetesKind>> kinds;
  private final KubernetesObjects objects;
  private final String systemNamespace;
  private final Clock clock;
  private final LeaderElection leaderElection;
  private final ChangeFeed feed = new ChangeFeed("kubernetes-store-feed");
  private final Map<String, SharedIndexInformer<? extends HasMetadata>> informers =
      new LinkedHashMap<>();
  private SharedIndexInformer<Namespace> namespaces;
  private final Map<String, Overlay> overlay = new ConcurrentHashMap<>();
  private final Map<ResourceKey, Long> reportedUnreadable = new ConcurrentHashMap<>();

  /** The reason of the Warning Event on a custom resource that cannot be read. */
  public static final String UNREADABLE_REASON = "InvalidResource";

  /** The component that records the store's Events. */
  public static final String EVENT_SOURCE = "portico-cp";

  /** Records Events off the informer threads. */
  private final ExecutorService reports =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "kubernetes-store-events");
            t.setDaemon(true);
            return t;
          });

  private final AtomicBoolean closed = new AtomicBoolean();

  /** A recent write, visible to reads until the informer has it: the object, or null if deleted. */
  private record Overlay(HasMetadata object, long version, Instant at) {}

  private KubernetesStore(
      KubernetesClient client,
      ResourceTypes types,
      Function<String, Optional<KubernetesKind>> kinds,
      ResourceCodec codec,
      String systemNamespace,
      Clock clock,
      LeaderElection leaderElection) {
    this.client = client;
    this.types = types;
    this.kinds = kinds;
    this.objects = new KubernetesObjects(codec);
    this.systemNamespace = systemNamespace;
    this.clock = clock;
    this.leaderElection = leaderElection;
  }

  /**
   * Opens the store: checks that every custom resource definition is installed, starts the
   * informers and waits until each has listed its objects.
   *
   * @param kinds the Kubernetes form of each type ({@link KubernetesKinds#of} in production)
   * @param leaderElection how this instance competes for leadership
   * @throws StoreException naming a missing CRD or an unreachable API server
   */
  public static KubernetesStore open(
      KubernetesClient client,
      ResourceTypes types,
      Function<String, Optional<KubernetesKind>> kinds,
      ResourceCodec codec,
      String systemNamespace,
      Clock clock,
      LeaderElection leaderElection,
      Duration syncTimeout) {
    KubernetesStore store =
        new KubernetesStore(client, types, kinds, codec, systemNamespace, clock, leaderElection);
    try {
      store.start(syncTimeout);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  private void start(Duration syncTimeout) {
    namespaces = client.namespaces().runnableInformer(0);
    informers.put("namespaces", namespaces);
    for (ResourceType<?> type : types.all()) {
      KubernetesKind kind = kinds.apply(type.name()).orElse(null);
      if (kind == null) {
        continue;
      }
      if (kind.isSecret()) {
        if (!informers.containsKey("secrets")) {
          SharedIndexInformer<Secret> informer =
              client.secrets().inNamespace(systemNamespace).runnableInformer(0);
          informer.addEventHandler(new Events<>("secrets"));
          informers.put("secrets", informer);
        }
        continue;
      }
      requireCrd(kind);
      SharedIndexInformer<GenericKubernetesResource> informer =
          client.genericKubernetesResources(context(kind)).inAnyNamespace().runnableInformer(0);
      informer.addEventHandler(new Events<>(kind.plural()));
      informers.put(kind.plural(), informer);
    }
    long deadline = System.nanoTime() + syncTimeout.toNanos();
    for (Map.Entry<String, SharedIndexInformer<? extends HasMetadata>> e : informers.entrySet()) {
      try {
        e.getValue()
            .start()
            .toCompletableFuture()
            .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new StoreException("interrupted while listing " + e.getKey());
      } catch (Exception ex) {
        throw new StoreException(
            "Kubernetes API at "
                + client.getMasterUrl()
                + ": cannot list "
                + e.getKey()
                + " within "
                + syncTimeout
                + ": "
                + ex.getMessage(),
            ex);
      }
    }
    log.info(
        "Kubernetes store started: server={} kinds={} systemNamespace={}",
        client.getMasterUrl(),
        informers.size(),
        systemNamespace);
  }

  private void requireCrd(KubernetesKind kind) {
    try {
      if (client.apiextensions().v1().customResourceDefinitions().withName(kind.crdName()).get()
          == null) {
        throw new StoreException(
            "the custom resource definition "
                + kind.crdName()
                + " is not installed: install the CRDs with `porticoctl install crds | kubectl"
                + " apply -f -`");
      }
    } catch (KubernetesClientException e) {
      throw new StoreException(
          "Kubernetes API at " + client.getMasterUrl() + " cannot be read: " + e.getMessage(), e);
    }
  }

  static ResourceDefinitionContext context(KubernetesKind kind) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(KubernetesKinds.GROUP)
        .withVersion(KubernetesKinds.VERSION)
        .withKind(kind.kind())
        .withPlural(kind.plural())
        .withNamespaced(kind.isNamespaced())
        .build();
  }

  // ---------------------------------------------------------------- change events

  /** Turns informer events of one kind into store changes. */
  private final class Events<T extends HasMetadata> implements ResourceEventHandler<T> {
    private final String plural;

    Events(String plural) {
      this.plural = plural;
    }

    @Override
    public void onAdd(T object) {
      seen(object);
      publish(ResourceChange.Kind.CREATED, object);
    }

    @Override
    public void onUpdate(T previous, T object) {
      seen(object);
      if (!java.util.Objects.equals(
          previous.getMetadata().getResourceVersion(), object.getMetadata().getResourceVersion())) {
        publish(ResourceChange.Kind.UPDATED, object);
      }
    }

    @Override
    public void onDelete(T object, boolean deletedFinalStateUnknown) {
      // A write of this object or of an older version no longer stands over the cache: only a
      // write of a newer incarnation (created again since) does.
      long version = KubernetesObjects.version(object);
      overlay.computeIfPresent(
          overlayKey(plural, object),
          (k, o) -> o.object() == null || o.version() <= version ? null : o);
      publish(ResourceChange.Kind.DELETED, object);
    }

    private void seen(T object) {
      long version = KubernetesObjects.version(object);
      overlay.computeIfPresent(
          overlayKey(plural, object), (k, o) -> version >= o.version() ? null : o);
    }

    private void publish(ResourceChange.Kind change, T object) {
      KubernetesKind kind = kindOf(plural, object);
      if (kind == null) {
        return;
      }
      String mesh = KubernetesObjects.meshOf(kind, object, KubernetesStore.this::namespaceMesh);
      if (change != ResourceChange.Kind.DELETED) {
        checkReadable(kind, object, mesh);
      }
      feed.publish(
          new ResourceChange(
              change,
              new ResourceKey(kind.typeName(), mesh, KubernetesObjects.kumaName(kind, object)),
              KubernetesObjects.version(object)));
    }
  }

  /** The kind of an object of an informer: secrets are told apart by their type. */
  private KubernetesKind kindOf(String plural, HasMetadata object) {
    if (object instanceof Secret secret) {
      for (String typeName : List.of("Secret", "GlobalSecret")) {
        Optional<KubernetesKind> kind = kinds.apply(typeName);
        if (kind.isPresent() && kind.get().secretType().equals(secret.getType())) {
          return kind.get();
        }
      }
      return null;
    }
    for (ResourceType<?> type : types.all()) {
      Optional<KubernetesKind> kind = kinds.apply(type.name());
      if (kind.isPresent() && !kind.get().isSecret() && kind.get().plural().equals(plural)) {
        return kind.get();
      }
    }
    return null;
  }

  private String namespaceMesh(String namespace) {
    Namespace ns = namespaces == null ? null : namespaces.getStore().getByKey(namespace);
    if (ns == null || ns.getMetadata().getAnnotations() == null) {
      return null;
    }
    return ns.getMetadata().getAnnotations().get(KubernetesKinds.MESH_KEY);
  }

  // ---------------------------------------------------------------- reads

  @Override
  public <S extends ResourceSpec> Optional<Resource<S>> get(
      ResourceType<S> type, String mesh, String name) {
    KubernetesKind kind = kind(type);
    String[] at = location(kind, name);
    if (at == null) {
      return Optional.empty();
    }
    HasMetadata object = find(kind, at[0], at[1]);
    if (object == null || !isOfKind(kind, object)) {
      return Optional.empty();
    }
    String objectMesh = KubernetesObjects.meshOf(kind, object, this::namespaceMesh);
    if (type.isMeshScoped() && !objectMesh.equals(mesh)) {
      return Optional.empty();
    }
    return Optional.of(read(type, kind, object, objectMesh));
  }

  /**
   * The {@code metadata.uid} of the object holding resource {@code name} of {@code type}, whatever
   * its mesh, from the informer's cache; empty when there is none (for the admission webhooks).
   */
  public Optional<String> uid(ResourceType<?> type, String name) {
    KubernetesKind kind = kind(type);
    String[] at = location(kind, name);
    HasMetadata object = at == null ? null : find(kind, at[0], at[1]);
    return object == null || !isOfKind(kind, object)
        ? Optional.empty()
        : Optional.ofNullable(object.getMetadata().getUid());
  }

  /** Namespace {@code name} from the informer's cache. */
  public Optional<Namespace> namespace(String name) {
    return Optional.ofNullable(namespaces == null ? null : namespaces.getStore().getByKey(name));
  }

  private <S extends ResourceSpec> Resource<S> read(
      ResourceType<S> type, KubernetesKind kind, HasMetadata object, String mesh) {
    try {
      return objects.toResource(type, kind, object, mesh);
    } catch (ValidationException e) {
      throw new UnreadableResourceException(
          new ResourceKey(type.name(), mesh, KubernetesObjects.kumaName(kind, object)),
          KubernetesObjects.meta(kind, object, mesh),
          e.getMessage());
    }
  }

  @Override
  public <S extends ResourceSpec> ResourcePage<S> list(ResourceType<S> type, ListQuery query) {
    KubernetesKind kind = kind(type);
    List<Resource<S>> items = new ArrayList<>();
    int total = 0;
    for (HasMetadata object : snapshot(kind).values()) {
      if (!isOfKind(kind, object)) {
        continue;
      }
      String mesh = KubernetesObjects.meshOf(kind, object, this::namespaceMesh);
      if (type.isMeshScoped() && query.mesh() != null && !mesh.equals(query.mesh())) {
        continue;
      }
      total++;
      try {
        items.add(objects.toResource(type, kind, object, mesh));
      } catch (ValidationException e) {
        reportUnreadable(type, kind, object, mesh, e.getMessage());
      }
    }
    items.sort(Comparator.comparing((Resource<S> r) -> r.mesh()).thenComparing(Resource::name));
    int from = Math.min(query.offset(), items.size());
    int to = query.size() == 0 ? items.size() : Math.min(items.size(), from + query.size());
    return new ResourcePage<>(items.subList(from, to), total, to < items.size() ? to : -1);
  }

  /** Reports an object that reached the API server but cannot be read (webhook bypassed). */
  private void checkReadable(KubernetesKind kind, HasMetadata object, String mesh) {
    Optional<ResourceType<?>> type = types.byName(kind.typeName());
    if (type.isEmpty()) {
      return;
    }
    try {
      objects.toResource(type.get(), kind, object, mesh);
    } catch (ValidationException e) {
      reportUnreadable(type.get(), kind, object, mesh, e.getMessage());
    } catch (RuntimeException e) {
      reportUnreadable(type.get(), kind, object, mesh, e.toString());
    }
  }

  /**
   * Logs, and records as a Warning Event on the object, that it cannot be read: once per
   * resourceVersion. Reads leave it out until it is fixed.
   */
  private void reportUnreadable(
      ResourceType<?> type, KubernetesKind kind, HasMetadata object, String mesh, String reason) {
    ResourceKey key = new ResourceKey(type.name(), mesh, KubernetesObjects.kumaName(kind, object));
    long version = KubernetesObjects.version(object);
    Long previous = reportedUnreadable.put(key, version);
    if (previous == null || previous != version) {
      log.warn(
          "custom resource cannot be read, it is left out until it is fixed: kind={} name={}"
              + " namespace={} resourceVersion={} reason={}",
          kind.kind(),
          object.getMetadata().getName(),
          object.getMetadata().getNamespace(),
          version,
          reason.strip());
      if (!kind.isSecret()) {
        reports.execute(() -> recordUnreadable(kind, object, reason.strip()));
      }
    }
  }

  private void recordUnreadable(KubernetesKind kind, HasMetadata object, String reason) {
    ObjectMeta meta = object.getMetadata();
    // Events of cluster-scoped objects live in the default namespace, as kubectl looks for them.
    String namespace = meta.getNamespace() == null ? "default" : meta.getNamespace();
    String now = clock.instant().toString();
    try {
      client
          .v1()
          .events()
          .inNamespace(namespace)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withGenerateName(meta.getName() + ".")
                  .withNamespace(namespace)
                  .endMetadata()
                  .withType("Warning")
                  .withReason(UNREADABLE_REASON)
                  .withMessage(
                      "Left out of the mesh until it is fixed (the validating webhook was"
                          + " bypassed): "
                          + reason)
                  .withNewSource()
                  .withComponent(EVENT_SOURCE)
                  .endSource()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(KubernetesKinds.API_VERSION)
                          .withKind(kind.kind())
                          .withName(meta.getName())
                          .withNamespace(meta.getNamespace())
                          .withUid(meta.getUid())
                          .withResourceVersion(meta.getResourceVersion())
                          .build())
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      log.warn(
          "event not recorded kind={} name={} error={}",
          kind.kind(),
          meta.getName(),
          e.getMessage());
    }
  }

  /** The objects of a kind as the informer has them, with recent writes applied over them. */
  private Map<String, HasMetadata> snapshot(KubernetesKind kind) {
    String plural = informerKey(kind);
    Map<String, HasMetadata> out = new HashMap<>();
    for (HasMetadata object : informer(kind).getStore().list()) {
      out.put(cacheKey(object), object);
    }
    Instant now = clock.instant();
    overlay.forEach(
        (key, o) -> {
          if (!key.startsWith(plural + "|")) {
            return;
          }
          if (o.at().plus(OVERLAY_LIFETIME).isBefore(now)) {
            overlay.remove(key, o);
            return;
          }
          String cacheKey = key.substring(plural.length() + 1);
          HasMetadata cached = out.get(cacheKey);
          if (cached != null && KubernetesObjects.version(cached) >= o.version()) {
            return;
          }
          if (o.object() == null) {
            out.remove(cacheKey);
          } else {
            out.put(cacheKey, o.object());
          }
        });
    return out;
  }

  private HasMetadata find(KubernetesKind kind, String namespace, String name) {
    String cacheKey = namespace == null ? name : namespace + "/" + name;
    HasMetadata cached = informer(kind).getStore().getByKey(cacheKey);
    Overlay o = overlay.get(informerKey(kind) + "|" + cacheKey);
    if (o != null
        && o.at().plus(OVERLAY_LIFETIME).isAfter(clock.instant())
        && (cached == null || KubernetesObjects.version(cached) < o.version())) {
      return o.object();
    }
    return cached;
  }

  private static boolean isOfKind(KubernetesKind kind, HasMetadata object) {
    return !(object instanceof Secret secret) || kind.secretType().equals(secret.getType());
  }

  // ---------------------------------------------------------------- writes

  @Override
  public <S extends ResourceSpec> Resource<S> create(Resource<S> resource) {
    KubernetesKind kind = kind(resource.type());
    ResourceKey key = resource.key();
    String[] at = requiredLocation(kind, resource.name());
    HasMetadata object = objects.toObject(kind, resource, at[0], at[1], owner(kind, resource));
    HasMetadata created;
    try {
      created = resource(kind, object).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw new ResourceAlreadyExistsException(key, key + " already exists");
      }
      throw failure("create " + key, e);
    }
    remember(kind, created);
    return resource.withMeta(KubernetesObjects.meta(kind, created, resource.mesh()));
  }

  @Override
  public <S extends ResourceSpec> Resource<S> update(Resource<S> resource) {
    KubernetesKind kind = kind(resource.type());
    ResourceKey key = resource.key();
    String[] at = requiredLocation(kind, resource.name());
    HasMetadata current = find(kind, at[0], at[1]);
    if (current == null || !isOfKind(kind, current)) {
      throw new ResourceNotFoundException(key, key + " does not exist");
    }
    long version =
        resource.meta().version() == 0
            ? KubernetesObjects.version(current)
            : resource.meta().version();
    HasMetadata next = objects.withBody(kind, current, resource, version);
    HasMetadata updated;
    try {
      updated = resource(kind, next).update();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        HasMetadata now = find(kind, at[0], at[1]);
        throw new ResourceConflictException(
            key,
            key
                + " was changed concurrently: expected version "
                + version
                + (now == null ? "" : " but it is at " + KubernetesObjects.version(now)));
      }
      if (e.getCode() == 404) {
        throw new ResourceNotFoundException(key, key + " does not exist");
      }
      throw failure("update " + key, e);
    }
    remember(kind, updated);
    return resource.withMeta(KubernetesObjects.meta(kind, updated, resource.mesh()));
  }

  @Override
  public void delete(ResourceType<?> type, String mesh, String name) {
    KubernetesKind kind = kind(type);
    ResourceKey key = new ResourceKey(type.name(), type.isMeshScoped() ? mesh : "", name);
    String[] at = location(kind, name);
    HasMetadata current = at == null ? null : find(kind, at[0], at[1]);
    if (current == null
        || !isOfKind(kind, current)
        || (type.isMeshScoped()
            && !KubernetesObjects.meshOf(kind, current, this::namespaceMesh).equals(mesh))) {
      throw new ResourceNotFoundException(key, key + " does not exist");
    }
    deleteObject(kind, current, key);
    if (MESH_TYPE.equals(type.name())) {
      deleteMeshMembers(name);
    }
  }

  private void deleteObject(KubernetesKind kind, HasMetadata object, ResourceKey key) {
    try {
      resource(kind, object).delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw failure("delete " + key, e);
      }
    }
    // A tombstone that outlives the watch's deletion hides only the deleted incarnation (older
    // versions), never an object created again.
    overlay.put(
        overlayKey(informerKey(kind), object),
        new Overlay(null, KubernetesObjects.version(object) + 1, clock.instant()));
  }

  /** What the garbage collector would delete with a Mesh: every resource of the mesh (D4). */
  private void deleteMeshMembers(String mesh) {
    for (ResourceType<?> type : types.all()) {
      if (!type.isMeshScoped()) {
        continue;
      }
      KubernetesKind kind = kinds.apply(type.name()).orElse(null);
      if (kind == null) {
        continue;
      }
      for (HasMetadata object : snapshot(kind).values()) {
        if (isOfKind(kind, object)
            && KubernetesObjects.meshOf(kind, object, this::namespaceMesh).equals(mesh)) {
          deleteObject(
              kind,
              object,
              new ResourceKey(type.name(), mesh, KubernetesObjects.kumaName(kind, object)));
        }
      }
    }
  }

  /**
   * The owner of a resource the control plane creates: its Mesh; a DataplaneInsight's Dataplane.
   */
  private OwnerReference owner(KubernetesKind kind, Resource<?> resource) {
    if (!resource.type().isMeshScoped() || kind.isSecret()) {
      return null;
    }
    HasMetadata owner;
    String ownerKind;
    if (resource.type().name().equals(ResourceTypes.DATAPLANE_INSIGHT.name())) {
      KubernetesKind dataplanes = kinds.apply(ResourceTypes.DATAPLANE.name()).orElse(null);
      String[] at = dataplanes == null ? null : location(dataplanes, resource.name());
      owner = at == null ? null : find(dataplanes, at[0], at[1]);
      ownerKind = "Dataplane";
    } else {
      KubernetesKind meshes = kinds.apply(MESH_TYPE).orElse(null);
      owner = meshes == null ? null : find(meshes, null, resource.mesh());
      ownerKind = MESH_TYPE;
    }
    if (owner == null) {
      return null;
    }
    return new OwnerReferenceBuilder()
        .withApiVersion(KubernetesKinds.API_VERSION)
        .withKind(ownerKind)
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .build();
  }

  private void remember(KubernetesKind kind, HasMetadata written) {
    String key = overlayKey(informerKey(kind), written);
    long version = KubernetesObjects.version(written);
    overlay.put(key, new Overlay(written, version, clock.instant()));
    // The watch may have brought this version before it was remembered (the informer's handler
    // found nothing to clear then): an overlay the cache has caught up with must not outlive it,
    // or it would bring the object back once the watch deletes it.
    HasMetadata cached = informer(kind).getStore().getByKey(cacheKey(written));
    if (cached != null && KubernetesObjects.version(cached) >= version) {
      overlay.computeIfPresent(key, (k, o) -> o.version() <= version ? null : o);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private io.fabric8.kubernetes.client.dsl.Resource<HasMetadata> resource(
      KubernetesKind kind, HasMetadata object) {
    if (kind.isSecret()) {
      return (io.fabric8.kubernetes.client.dsl.Resource)
          client
              .secrets()
              .inNamespace(object.getMetadata().getNamespace())
              .resource((Secret) object);
    }
    var resources = client.genericKubernetesResources(context(kind));
    if (kind.isNamespaced()) {
      return (io.fabric8.kubernetes.client.dsl.Resource)
          resources
              .inNamespace(object.getMetadata().getNamespace())
              .resource((GenericKubernetesResource) object);
    }
    return (io.fabric8.kubernetes.client.dsl.Resource)
        resources.resource((GenericKubernetesResource) object);
  }

  // ---------------------------------------------------------------- names

  private KubernetesKind kind(ResourceType<?> type) {
    return kinds
        .apply(type.name())
        .orElseThrow(
            () ->
                new StoreException(
                    "cannot create instance of unregistered type \"" + type.name() + "\""));
  }

  /**
   * {namespace or null, name} of a Kuma name, or null when it cannot name an object of the kind.
   */
  private String[] location(KubernetesKind kind, String kumaName) {
    try {
      return requiredLocation(kind, kumaName);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private String[] requiredLocation(KubernetesKind kind, String kumaName) {
    if (kind.isSecret()) {
      return new String[] {systemNamespace, kumaName};
    }
    if (!kind.isNamespaced()) {
      return new String[] {null, kumaName};
    }
    String[] parts = KubernetesKinds.splitNamespaced(kumaName);
    return new String[] {parts[1], parts[0]};
  }

  private SharedIndexInformer<? extends HasMetadata> informer(KubernetesKind kind) {
    SharedIndexInformer<? extends HasMetadata> informer = informers.get(informerKey(kind));
    if (informer == null) {
      throw new StoreException("no informer for " + kind.kind());
    }
    return informer;
  }

  private static String informerKey(KubernetesKind kind) {
    return kind.isSecret() ? "secrets" : kind.plural();
  }

  private static String cacheKey(HasMetadata object) {
    String namespace = object.getMetadata().getNamespace();
    return namespace == null || namespace.isEmpty()
        ? object.getMetadata().getName()
        : namespace + "/" + object.getMetadata().getName();
  }

  private static String overlayKey(String plural, HasMetadata object) {
    return plural + "|" + cacheKey(object);
  }

  private StoreException failure(String what, KubernetesClientException e) {
    return new StoreException(
        "Kubernetes API at "
            + client.getMasterUrl()
            + ": "
            + what
            + " failed"
            + (e.getCode() > 0 ? " (HTTP " + e.getCode() + ")" : "")
            + ": "
            + e.getMessage(),
        e);
  }

  // ---------------------------------------------------------------- lifecycle

  @Override
  public Subscription subscribe(ChangeListener listener) {
    return feed.subscribe(listener);
  }

  @Override
  public LeaderElection leaderElection() {
    return leaderElection;
  }

  /** The client the store reads and writes with, for the controllers that share it. */
  public KubernetesClient client() {
    return client;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    leaderElection.close();
    informers.values().forEach(SharedIndexInformer::close);
    reports.shutdownNow();
    feed.close();
    log.info("Kubernetes store closed: server={}", client.getMasterUrl());
  }

  @Override
  public String toString() {
    return "Kubernetes " + client.getMasterUrl();
  }
}
