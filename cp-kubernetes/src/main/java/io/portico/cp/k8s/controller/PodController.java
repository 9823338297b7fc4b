package io.portico.cp.k8s.controller;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.portico.cp.k8s.KubernetesSettings;
import io.portico.cp.k8s.pod.OutboundSources;
import io.portico.cp.k8s.pod.PodConversion;
import io.portico.cp.k8s.pod.PodConverter;
import io.portico.cp.k8s.pod.ServiceUpstream;
import io.portico.cp.store.LeadershipListener;
import io.portico.cp.store.ListQuery;
import io.portico.cp.store.ResourceNotFoundException;
import io.portico.cp.store.Subscription;
import io.portico.cp.store.manager.ResourceManager;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.types.KubernetesKinds;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.mesh.api.validation.ValidationException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a Dataplane for every Pod that needs one (spec/kubernetes.md §5): builtin gateway pods,
 * injected sidecars and delegated gateways, through {@link PodConverter}; and marks Services of
 * injected namespaces for service-upstream (§5.11). Runs on the leader only.
 *
 * <ul>
 *   <li>A Pod event reconciles that Pod; a Service or Dataplane change reconciles every Pod (their
 *       outbounds may change, D6).
 *   <li>The Dataplane ({@code <pod>.<namespace>}) is written through the resource manager, so it is
 *       validated as every Dataplane is; it is controlled by its Pod (owner reference with {@code
 *       controller: true}) and deleted with it (D4).
 *   <li>Outcomes are Events on the Pod, source {@code k8s.kuma.io/dataplane-generator}: {@code
 *       CreatedKumaDataplane}, {@code UpdatedKumaDataplane}, and {@code
 *       FailedToGenerateKumaDataplane} (Warning) with nothing written when the Pod's annotations
 *       are wrong (no half-made Dataplane).
 * </ul>
 */
public final class PodController implements LeadershipListener, AutoCloseable {
  static final String EVENT_SOURCE = "k8s.kuma.io/dataplane-generator";
  private static final Logger log = LoggerFactory.getLogger(PodController.class);

  private final KubernetesClient client;
  private final ResourceManager manager;
  private final KubernetesSettings settings;
  private final Clock clock;
  private final PodConverter converter = new PodConverter();
  private final ReconcileQueue pods;
  private final ReconcileQueue services;
  private final SharedIndexInformer<Pod> podInformer;
  private final SharedIndexInformer<Service> serviceInformer;
  private final SharedIndexInformer<Namespace> namespaceInformer;
  private final Subscription dataplaneChanges;
  private volatile boolean isLeader;

  /** Pods (by uid) seen to control their Dataplane, so a reconcile needs no request to check. */
  private final Set<String> owned = ConcurrentHashMap.newKeySet();

  public PodController(
      KubernetesClient client, ResourceManager manager, KubernetesSettings settings, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.manager = Objects.requireNonNull(manager, "manager");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.pods = new ReconcileQueue("pod", this::reconcilePod);
    this.services = new ReconcileQueue("service-upstream", this::reconcileService);
    this.namespaceInformer = client.namespaces().runnableInformer(0);
    this.podInformer = client.pods().inAnyNamespace().runnableInformer(0);
    this.serviceInformer = client.services().inAnyNamespace().runnableInformer(0);
    podInformer.addEventHandler(
        OnAnyChange.of(
            p -> pods.enqueue(key(p.getMetadata().getNamespace(), p.getMetadata().getName()))));
    podInformer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Pod pod) {}

          @Override
          public void onUpdate(Pod previous, Pod pod) {}

          @Override
          public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
            owned.remove(pod.getMetadata().getUid());
          }
        });
    serviceInformer.addEventHandler(
        OnAnyChange.of(
            s -> {
              services.enqueue(key(s.getMetadata().getNamespace(), s.getMetadata().getName()));
              enqueueAllPods();
            }));
    this.dataplaneChanges =
        manager
            .store()
            .subscribe(
                change -> {
                  if (change.key().type().equals(ResourceTypes.DATAPLANE.name())) {
                    enqueueAllPods();
                  }
                });
  }

  /** Starts the informers and waits for their first listing. */
  public PodController start() {
    for (SharedIndexInformer<?> informer :
        List.of(namespaceInformer, podInformer, serviceInformer)) {
      try {
        informer.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException(
            "cannot list pods, services and namespaces: " + e.getMessage(), e);
      }
    }
    return this;
  }

  @Override
  public void leadershipAcquired() {
    isLeader = true;
    enqueueAllPods();
    serviceInformer
        .getStore()
        .list()
        .forEach(
            s -> services.enqueue(key(s.getMetadata().getNamespace(), s.getMetadata().getName())));
  }

  @Override
  public void leadershipLost() {
    isLeader = false;
  }

  private void enqueueAllPods() {
    if (!isLeader) {
      return;
    }
    podInformer
        .getStore()
        .list()
        .forEach(p -> pods.enqueue(key(p.getMetadata().getNamespace(), p.getMetadata().getName())));
  }

  // ---------------------------------------------------------------- pods

  private void reconcilePod(String key) {
    if (!isLeader) {
      return;
    }
    String[] at = key.split("/", 2);
    String namespace = at[0];
    String name = at[1];
    Pod pod = podInformer.getStore().getByKey(key);
    if (pod == null) {
      deleteDataplane(namespace, name, "the pod is gone");
      return;
    }
    Namespace ns = namespaceInformer.getStore().getByKey(namespace);
    if (ns == null) {
      throw new IllegalStateException("namespace " + namespace + " of pod " + name + " is unknown");
    }
    List<Service> inNamespace = new ArrayList<>();
    for (Service s : serviceInformer.getStore().list()) {
      if (namespace.equals(s.getMetadata().getNamespace())) {
        inNamespace.add(s);
      }
    }
    String mesh = PodConverter.meshOf(pod, ns);
    List<DataplaneSpec> meshDataplanes = new ArrayList<>();
    for (Resource<DataplaneSpec> dp :
        manager.list(ResourceTypes.DATAPLANE, ListQuery.inMesh(mesh)).items()) {
      meshDataplanes.add(dp.spec());
    }
    OutboundSources outbounds =
        new OutboundSources(
            meshDataplanes,
            (serviceNamespace, serviceName) ->
                Optional.ofNullable(
                    serviceInformer.getStore().getByKey(key(serviceNamespace, serviceName))));
    PodConversion result = converter.convert(pod, ns, inNamespace, outbounds, settings);
    if (result instanceof PodConversion.Dataplane dataplane) {
      write(pod, dataplane);
    } else if (result instanceof PodConversion.Delete delete) {
      deleteDataplane(namespace, name, delete.reason());
    } else if (result instanceof PodConversion.Failure failure) {
      event(
          pod,
          "Warning",
          "FailedToGenerateKumaDataplane",
          "Failed to generate Kuma Dataplane: " + failure.message());
      log.warn("no dataplane for pod pod={}/{} reason={}", namespace, name, failure.message());
    }
  }

  private void write(Pod pod, PodConversion.Dataplane dataplane) {
    String kumaName = dataplane.kumaName();
    Optional<Resource<DataplaneSpec>> current;
    try {
      current = manager.get(ResourceTypes.DATAPLANE, dataplane.mesh(), kumaName);
    } catch (io.portico.cp.store.UnreadableResourceException e) {
      current = Optional.empty();
    }
    if (current.isPresent() && current.get().spec().equals(dataplane.spec())) {
      if (!owned.contains(pod.getMetadata().getUid())) {
        ensureOwner(pod, dataplane);
      }
      return;
    }
    Resource<DataplaneSpec> resource =
        Resource.of(ResourceTypes.DATAPLANE, dataplane.mesh(), kumaName, dataplane.spec());
    try {
      boolean created = manager.upsert(resource).created();
      ensureOwner(pod, dataplane);
      event(
          pod,
          "Normal",
          created ? "CreatedKumaDataplane" : "UpdatedKumaDataplane",
          (created ? "Created" : "Updated") + " Kuma Dataplane: " + pod.getMetadata().getName());
      log.info(
          "dataplane {} mesh={} dataplane={}",
          created ? "created" : "updated",
          dataplane.mesh(),
          kumaName);
    } catch (ValidationException e) {
      log.warn(
          "dataplane rejected pod={}/{} error={}",
          pod.getMetadata().getNamespace(),
          pod.getMetadata().getName(),
          e.getMessage());
      event(
          pod,
          "Warning",
          "FailedToGenerateKumaDataplane",
          "Failed to generate Kuma Dataplane: " + e.getMessage());
    }
  }

  /**
   * The Pod controls its Dataplane (spec §5.2): its owner reference, with {@code controller: true},
   * is added beside the Mesh's that the store set.
   */
  private void ensureOwner(Pod pod, PodConversion.Dataplane dataplane) {
    var dataplanes =
        client
            .genericKubernetesResources(context(ResourceTypes.DATAPLANE.name()))
            .inNamespace(dataplane.namespace())
            .withName(dataplane.name());
    GenericKubernetesResource object = dataplanes.get();
    if (object == null) {
      return;
    }
    if (isControlledBy(object, pod)) {
      owned.add(pod.getMetadata().getUid());
      return;
    }
    dataplanes.edit(
        current -> {
          List<OwnerReference> owners = new ArrayList<>();
          for (OwnerReference o : current.getMetadata().getOwnerReferences()) {
            if (!Boolean.TRUE.equals(o.getController())) {
              owners.add(o);
            }
          }
          owners.add(
              new OwnerReferenceBuilder()
                  .withApiVersion("v1")
                  .withKind("Pod")
                  .withName(pod.getMetadata().getName())
                  .withUid(pod.getMetadata().getUid())
                  .withController(true)
                  .withBlockOwnerDeletion(true)
                  .build());
          current.getMetadata().setOwnerReferences(owners);
          return current;
        });
  }

  private static boolean isControlledBy(GenericKubernetesResource object, Pod pod) {
    for (OwnerReference o : object.getMetadata().getOwnerReferences()) {
      if (Boolean.TRUE.equals(o.getController())
          && "Pod".equals(o.getKind())
          && Objects.equals(pod.getMetadata().getUid(), o.getUid())) {
        return true;
      }
    }
    return false;
  }

  private void deleteDataplane(String namespace, String name, String reason) {
    String kumaName = name + "." + namespace;
    for (Resource<DataplaneSpec> dp :
        manager.list(ResourceTypes.DATAPLANE, ListQuery.all()).items()) {
      if (dp.name().equals(kumaName)) {
        try {
          manager.delete(ResourceTypes.DATAPLANE, dp.mesh(), kumaName);
          log.info("dataplane deleted mesh={} dataplane={} reason={}", dp.mesh(), kumaName, reason);
        } catch (ResourceNotFoundException e) {
          // already gone
        }
      }
    }
  }

  // ---------------------------------------------------------------- services

  private void reconcileService(String key) {
    if (!isLeader) {
      return;
    }
    Service service = serviceInformer.getStore().getByKey(key);
    if (service == null) {
      return;
    }
    Namespace ns = namespaceInformer.getStore().getByKey(service.getMetadata().getNamespace());
    if (ns == null) {
      return;
    }
    Map<String, String> add = ServiceUpstream.annotationsToAdd(service, ns);
    if (add.isEmpty()) {
      return;
    }
    StringBuilder patch = new StringBuilder("{\"metadata\":{\"annotations\":{");
    boolean first = true;
    for (Map.Entry<String, String> e : add.entrySet()) {
      patch
          .append(first ? "" : ",")
          .append('"')
          .append(e.getKey())
          .append("\":\"")
          .append(e.getValue())
          .append('"');
      first = false;
    }
    patch.append("}}}");
    client
        .services()
        .inNamespace(service.getMetadata().getNamespace())
        .withName(service.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
  }

  // ---------------------------------------------------------------- helpers

  private void event(Pod pod, String type, String reason, String message) {
    try {
      client
          .v1()
          .events()
          .inNamespace(pod.getMetadata().getNamespace())
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withGenerateName(pod.getMetadata().getName() + ".")
                  .withNamespace(pod.getMetadata().getNamespace())
                  .endMetadata()
                  .withType(type)
                  .withReason(reason)
                  .withMessage(message)
                  .withNewSource()
                  .withComponent(EVENT_SOURCE)
                  .endSource()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion("v1")
                          .withKind("Pod")
                          .withName(pod.getMetadata().getName())
                          .withNamespace(pod.getMetadata().getNamespace())
                          .withUid(pod.getMetadata().getUid())
                          .build())
                  .withFirstTimestamp(clock.instant().toString())
                  .withLastTimestamp(clock.instant().toString())
                  .withCount(1)
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      log.warn(
          "event not recorded pod={} reason={} error={}",
          pod.getMetadata().getName(),
          reason,
          e.getMessage());
    }
  }

  static ResourceDefinitionContext context(String typeName) {
    var kind = KubernetesKinds.of(typeName).orElseThrow();
    return new ResourceDefinitionContext.Builder()
        .withGroup(KubernetesKinds.GROUP)
        .withVersion(KubernetesKinds.VERSION)
        .withKind(kind.kind())
        .withPlural(kind.plural())
        .withNamespaced(kind.isNamespaced())
        .build();
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  @Override
  public void close() {
    dataplaneChanges.close();
    pods.close();
    services.close();
    podInformer.close();
    serviceInformer.close();
    namespaceInformer.close();
  }
}
