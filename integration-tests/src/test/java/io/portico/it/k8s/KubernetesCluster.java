package io.portico.it.k8s;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.portico.it.support.ControlPlaneProcess;
import io.portico.it.support.FreePorts;
import io.portico.it.support.MeshApi;
import io.portico.it.support.Porticoctl;
import io.portico.it.support.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Kubernetes cluster of one node on this machine, for Kubernetes mode end to end
 * (spec/kubernetes.md §11): fabric8's mock as the API server ({@link ApiServer}), which calls the
 * control plane's admission webhooks and answers its TokenReviews; this class as the ReplicaSet
 * controller (a Deployment's pods); {@link Kubelet} running the pods' containers as real processes
 * ({@code portico-cp}, {@code portico-dp}, {@code portico-testserver}).
 *
 * <p>It is installed as a user installs Portico: {@code porticoctl install control-plane | kubectl
 * apply -f -}. The control plane then runs from the pod of the installed Deployment: its
 * container's environment as the kubelet resolves it, with the installer's Secret {@code
 * kuma-tls-cert} mounted (webhook server, DP server, the CA given to proxies). Only what a pod of
 * its own would not need is set on top:
 *
 * <ul>
 *   <li>where the API server is ({@code KUBERNETES_MASTER}, the in-cluster configuration's
 *       stand-in; no kubeconfig, no service-account files at their fixed paths);
 *   <li>ports: the webhook server and the DP server on free ports instead of 5443 and 5678 (one
 *       host has one port space), made reachable as the Service's ports 443 and 5678 by {@link
 *       ClusterNetwork}; the other servers on port 0.
 * </ul>
 *
 * The namespace {@code default} is labelled {@code kuma.io/sidecar-injection: enabled}, as the
 * seed's first step asks.
 */
final class KubernetesCluster implements AutoCloseable {
  static final String SYSTEM_NAMESPACE = "kuma-system";
  static final String CONTROL_PLANE = "kuma-control-plane";
  static final String REPLICA_SET_CONTROLLER =
      "system:serviceaccount:kube-system:replicaset-controller";

  /** Kubernetes' alphabet for generated names (no vowels, no look-alikes). */
  private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

  private final Path dir;
  private final ServiceAccountTokens tokens = new ServiceAccountTokens();
  private final ClusterNetwork network;
  private final ApiServer api;
  private final Kubelet kubelet;
  private final List<RunningPod> pods = new ArrayList<>();
  private final AtomicInteger replicas = new AtomicInteger();
  private ControlPlaneProcess controlPlane;
  private MeshApi meshApi;

  private KubernetesCluster(Path dir) {
    this.dir = dir;
    this.network = new ClusterNetwork(dir.resolve("network"));
    this.api = ApiServer.start(tokens, network);
    this.kubelet = new Kubelet(api, tokens, network, dir.resolve("node"));
  }

  /** Starts the API server, installs Portico and starts its control plane. */
  static KubernetesCluster start(Path dir) {
    KubernetesCluster cluster = new KubernetesCluster(dir);
    try {
      cluster.install();
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  private void install() {
    String objects =
        new Porticoctl(dir.resolve("porticoctl.yaml"))
            .run("install", "control-plane")
            .assertSuccess()
            .stdout();
    api.createAll(objects);

    Deployment deployment =
        api.client()
            .apps()
            .deployments()
            .inNamespace(SYSTEM_NAMESPACE)
            .withName(CONTROL_PLANE)
            .get();
    Pod pod = kubelet.schedule(createReplica(deployment), "127.0.0.1", List.of("control-plane"));
    Container container = pod.getSpec().getContainers().get(0);
    ContainerLaunch launch = ContainerLaunch.of(pod, container, kubelet.volumes(pod), api.client());

    int admissionPort = FreePorts.next();
    int dpServerPort = FreePorts.next();
    network.expose(SYSTEM_NAMESPACE, CONTROL_PLANE, 443, admissionPort);
    network.expose(SYSTEM_NAMESPACE, CONTROL_PLANE, 5678, dpServerPort);
    Map<String, String> env = new LinkedHashMap<>(launch.env());
    env.put("KUBERNETES_MASTER", api.url());
    env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
    env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
    env.put("KUBERNETES_NAMESPACE", SYSTEM_NAMESPACE);
    env.put("PORTICO_RUNTIME_KUBERNETES_ADMISSION_SERVER_PORT", Integer.toString(admissionPort));
    env.put("PORTICO_DP_SERVER_PORT", Integer.toString(dpServerPort));
    // ControlPlaneProcess runs `portico-cp run` in a work directory of its own (for ports.json);
    // the container's --config-file names the installer's ConfigMap, which holds comments only.
    controlPlane = ControlPlaneProcess.start(dir.resolve("control-plane"), env);
    meshApi = new MeshApi(controlPlane);

    api.createAll(
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: default
          labels:
            kuma.io/sidecar-injection: enabled
        """);
    await("the default Mesh created by the control plane")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> meshApi.status("/meshes/default") == 200);
  }

  /**
   * The test resource {@code k8s/<name>} with each {@code ${KEY}} replaced by its value.
   *
   * @throws IllegalArgumentException when a placeholder is left
   */
  static String manifest(String name, Map<String, ?> values) {
    try (var in = KubernetesCluster.class.getResourceAsStream("/k8s/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource k8s/" + name);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (Map.Entry<String, ?> e : values.entrySet()) {
        text = text.replace("${" + e.getKey() + "}", String.valueOf(e.getValue()));
      }
      if (text.contains("${")) {
        throw new IllegalArgumentException("k8s/" + name + " has a placeholder left: " + text);
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The seed's example {@code file} (mesh-api's fixtures), verbatim. */
  static String seed(String file) {
    try {
      return Files.readString(Repository.seedFixtures().resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code kubectl create -f -} of every document of {@code yaml}, through admission. */
  List<HasMetadata> apply(String yaml) {
    return api.createAll(yaml);
  }

  /** Waits for the Deployment {@code namespace/name} (e.g. one the control plane creates). */
  Deployment awaitDeployment(String namespace, String name) {
    return await("Deployment " + namespace + "/" + name)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> api.client().apps().deployments().inNamespace(namespace).withName(name).get(),
            d -> d != null);
  }

  /** Waits for the Service {@code namespace/name}. */
  Service awaitService(String namespace, String name) {
    return await("Service " + namespace + "/" + name)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> api.client().services().inNamespace(namespace).withName(name).get(),
            s -> s != null);
  }

  /**
   * As the ReplicaSet controller, creates one pod of {@code deployment} (through admission, as the
   * controller's service account), then has the kubelet run it with {@code podIp}: the containers
   * named (all when none is) are started and awaited ready.
   */
  RunningPod runReplica(Deployment deployment, String podIp, String... containers) {
    Pod pod = createReplica(deployment);
    RunningPod running = kubelet.run(pod, podIp, List.of(containers));
    pods.add(running);
    return running;
  }

  /**
   * A pod of the Deployment's template as the ReplicaSet controller creates it: named {@code
   * <deployment>-<template hash>-<suffix>}, the template's labels plus {@code pod-template-hash},
   * its annotations and spec.
   */
  Pod createReplica(Deployment deployment) {
    PodTemplateSpec template = deployment.getSpec().getTemplate();
    String hash = encode(fnv32a(Serialization.asJson(template)), 10);
    String name =
        deployment.getMetadata().getName()
            + "-"
            + hash
            + "-"
            + encode(fnv32a(hash + replicas.incrementAndGet()), 5);
    Map<String, String> labels = new LinkedHashMap<>();
    if (template.getMetadata().getLabels() != null) {
      labels.putAll(template.getMetadata().getLabels());
    }
    labels.put("pod-template-hash", hash);
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(deployment.getMetadata().getNamespace())
            .withLabels(labels)
            .withAnnotations(template.getMetadata().getAnnotations())
            .endMetadata()
            .withSpec(template.getSpec())
            .build();
    return api.create(pod, REPLICA_SET_CONTROLLER);
  }

  private static long fnv32a(String text) {
    long hash = 0x811c9dc5L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash = (hash * 0x01000193L) & 0xffffffffL;
    }
    return hash;
  }

  private static String encode(long value, int length) {
    StringBuilder out = new StringBuilder();
    String digits = Long.toString(value);
    for (int i = 0; out.length() < length; i++) {
      out.append(ALPHANUMS.charAt((digits.charAt(i % digits.length()) + i) % ALPHANUMS.length()));
    }
    return out.toString();
  }

  /** Waits until the control plane serves Dataplane {@code name} of mesh {@code default}. */
  JsonNode awaitDataplane(String name) {
    String path = "/meshes/default/dataplanes/" + name;
    await("Dataplane " + name + " generated by the control plane")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> meshApi.status(path) == 200);
    return meshApi.get(path);
  }

  KubernetesClient client() {
    return api.client();
  }

  ApiServer apiServer() {
    return api;
  }

  ServiceAccountTokens tokens() {
    return tokens;
  }

  ControlPlaneProcess controlPlane() {
    return controlPlane;
  }

  MeshApi meshApi() {
    return meshApi;
  }

  @Override
  public void close() {
    for (int i = pods.size() - 1; i >= 0; i--) {
      pods.get(i).close();
    }
    if (controlPlane != null) {
      controlPlane.close();
    }
    api.close();
  }
}
