package io.portico.cp.k8s.controller;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.portico.cp.k8s.KubernetesSettings;
import io.portico.cp.k8s.gateway.ControllerReference;
import io.portico.cp.k8s.gateway.GatewayInstance;
import io.portico.cp.k8s.gateway.GatewayInstancePlanner;
import io.portico.cp.k8s.gateway.KubernetesVersion;
import io.portico.cp.k8s.gateway.ReconcileAction;
import io.portico.cp.k8s.gateway.ReconcileInput;
import io.portico.cp.k8s.gateway.ReconcilePlan;
import io.portico.cp.store.LeadershipListener;
import io.portico.cp.store.ListQuery;
import io.portico.cp.store.Subscription;
import io.portico.cp.store.manager.ResourceManager;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.gateway.MeshGatewaySpec;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.mesh.api.validation.ValidationException;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs builtin gateways for MeshGatewayInstances (spec/kubernetes.md §4): for each instance, a
 * Service and a Deployment of gateway proxies it controls, and its status. The decisions are {@link
 * GatewayInstancePlanner}'s; this class reads what it needs from informers and the store, and sends
 * the plan's writes in order. Runs on the leader only.
 *
 * <ul>
 *   <li>An instance event reconciles it; a Service or Deployment event reconciles the instance that
 *       controls it; a MeshGateway change reconciles every instance (the gateway it serves may
 *       change).
 *   <li>A plan that fails (two Services controlled by one instance, a listener the Service cannot
 *       have) is retried with back-off; the writes before the failure stay, as in Kuma.
 *   <li>An instance that cannot be read (a spec that does not bind) gets a Warning Event and is
 *       left alone until it changes.
 * </ul>
 */
public final class GatewayInstanceController implements LeadershipListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GatewayInstanceController.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final ResourceManager manager;
  private final ResourceCodec codec;
  private final Clock clock;
  private final GatewayInstancePlanner planner;
  private final ReconcileQueue queue;
  private final SharedIndexInformer<GenericKubernetesResource> instanceInformer;
  private final SharedIndexInformer<Service> serviceInformer;
  private final SharedIndexInformer<Deployment> deploymentInformer;
  private final SharedIndexInformer<Namespace> namespaceInformer;
  private final Subscription gatewayChanges;
  private volatile boolean isLeader;

  /**
   * @param version the API server's version, read once at start (the Deployment's sysctls depend on
   *     it, spec §4.5)
   */
  public GatewayInstanceController(
      KubernetesClient client,
      ResourceManager manager,
      ResourceCodec codec,
      KubernetesSettings settings,
      KubernetesVersion version,
      Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.manager = Objects.requireNonNull(manager, "manager");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.planner = new GatewayInstancePlanner(settings, version);
    this.queue = new ReconcileQueue("gateway-instance", this::reconcile);
    this.instanceInformer =
        client
            .genericKubernetesResources(
                PodController.context(ResourceTypes.MESH_GATEWAY_INSTANCE.name()))
            .inAnyNamespace()
            .runnableInformer(0);
    this.serviceInformer = client.services().inAnyNamespace().runnableInformer(0);
    this.deploymentInformer = client.apps().deployments().inAnyNamespace().runnableInformer(0);
    this.namespaceInformer = client.namespaces().runnableInformer(0);
    instanceInformer.addEventHandler(
        OnAnyChange.of(i -> enqueue(i.getMetadata().getNamespace(), i.getMetadata().getName())));
    serviceInformer.addEventHandler(OnAnyChange.of(this::enqueueController));
    deploymentInformer.addEventHandler(OnAnyChange.of(this::enqueueController));
    this.gatewayChanges =
        manager
            .store()
            .subscribe(
                change -> {
                  String type = change.key().type();
                  if (type.equals(ResourceTypes.MESH_GATEWAY.name())
                      || type.equals(ResourceTypes.MESH.name())) {
                    enqueueAll();
                  }
                });
  }

  /** Starts the informers and waits for their first listing. */
  public GatewayInstanceController start() {
    for (SharedIndexInformer<?> informer :
        List.of(namespaceInformer, serviceInformer, deploymentInformer, instanceInformer)) {
      try {
        informer.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException(
            "cannot list MeshGatewayInstances, Services, Deployments and Namespaces: "
                + e.getMessage(),
            e);
      }
    }
    return this;
  }

  @Override
  public void leadershipAcquired() {
    isLeader = true;
    enqueueAll();
  }

  @Override
  public void leadershipLost() {
    isLeader = false;
  }

  private void enqueueAll() {
    if (!isLeader) {
      return;
    }
    for (GenericKubernetesResource instance : instanceInformer.getStore().list()) {
      enqueue(instance.getMetadata().getNamespace(), instance.getMetadata().getName());
    }
  }

  private void enqueueController(HasMetadata object) {
    ControllerReference.controllerName(object)
        .ifPresent(name -> enqueue(object.getMetadata().getNamespace(), name));
  }

  private void enqueue(String namespace, String name) {
    if (isLeader) {
      queue.enqueue(namespace + "/" + name);
    }
  }

  private void reconcile(String key) {
    if (!isLeader) {
      return;
    }
    String namespace = key.substring(0, key.indexOf('/'));
    String name = key.substring(key.indexOf('/') + 1);
    List<Service> services = inNamespace(serviceInformer.getStore().list(), namespace);
    List<Deployment> deployments = inNamespace(deploymentInformer.getStore().list(), namespace);
    GenericKubernetesResource object = instanceInformer.getStore().getByKey(key);
    ReconcilePlan plan;
    if (object == null) {
      plan = planner.planDeleted(namespace, name, services, deployments);
    } else {
      GatewayInstance instance;
      try {
        instance = GatewayInstance.of(object, codec);
      } catch (ValidationException e) {
        log.warn("gateway instance unreadable instance={} error={}", key, e.getMessage().strip());
        return;
      }
      Namespace ns = namespaceInformer.getStore().getByKey(namespace);
      Map<String, String> annotations =
          ns == null || ns.getMetadata().getAnnotations() == null
              ? Map.of()
              : ns.getMetadata().getAnnotations();
      List<Resource<MeshGatewaySpec>> gateways =
          manager.list(ResourceTypes.MESH_GATEWAY, ListQuery.all()).items();
      plan =
          planner.plan(
              new ReconcileInput(instance, annotations, gateways, services, deployments),
              clock.instant());
    }
    for (ReconcileAction action : plan.actions()) {
      execute(key, action);
    }
  }

  private void execute(String key, ReconcileAction action) {
    if (action instanceof ReconcileAction.Create create) {
      client.resource(create.object()).create();
      log.info("gateway object created instance={} object={}", key, describe(create.object()));
    } else if (action instanceof ReconcileAction.Patch patch) {
      // Sent as the JSON Patch from the object read to the object planned, which is what the
      // planner's merge patch does; the API server mock mishandles lists in merge patches.
      client.resource(patch.current()).edit(current -> patch.updated());
      log.info("gateway object updated instance={} object={}", key, describe(patch.current()));
    } else if (action instanceof ReconcileAction.Delete delete) {
      client.resource(delete.object()).delete();
      log.info("gateway object deleted instance={} object={}", key, describe(delete.object()));
    } else if (action instanceof ReconcileAction.WriteStatus status) {
      try {
        client
            .genericKubernetesResources(
                PodController.context(ResourceTypes.MESH_GATEWAY_INSTANCE.name()))
            .inNamespace(status.namespace())
            .withName(status.name())
            .editStatus(current -> withStatus(current, status.mergePatch()));
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
          throw e;
        }
      }
    } else if (action instanceof ReconcileAction.Fail fail) {
      throw new IllegalStateException(fail.message());
    }
  }

  /** {@code object} with the top-level fields of the merge patch's status replaced. */
  private static GenericKubernetesResource withStatus(
      GenericKubernetesResource object, String mergePatch) {
    Map<String, Object> status = new LinkedHashMap<>();
    if (object.getAdditionalProperties().get("status") instanceof Map<?, ?> current) {
      current.forEach((k, v) -> status.put(String.valueOf(k), v));
    }
    try {
      JSON.readTree(mergePatch)
          .path("status")
          .fields()
          .forEachRemaining(
              e -> status.put(e.getKey(), JSON.convertValue(e.getValue(), Object.class)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable status patch: " + e.getMessage(), e);
    }
    object.setAdditionalProperty("status", status);
    return object;
  }

  private static String describe(HasMetadata object) {
    return object.getKind() + "/" + object.getMetadata().getName();
  }

  private static <T extends HasMetadata> List<T> inNamespace(List<T> objects, String namespace) {
    List<T> in = new ArrayList<>();
    for (T object : objects) {
      if (namespace.equals(object.getMetadata().getNamespace())) {
        in.add(object);
      }
    }
    return in;
  }

  /** The instance a key names, if the informer holds it (for tests and tools). */
  Optional<GenericKubernetesResource> instance(String namespace, String name) {
    return Optional.ofNullable(instanceInformer.getStore().getByKey(namespace + "/" + name));
  }

  @Override
  public void close() {
    gatewayChanges.close();
    queue.close();
    for (SharedIndexInformer<?> informer :
        List.of(instanceInformer, serviceInformer, deploymentInformer, namespaceInformer)) {
      informer.close();
    }
  }
}
