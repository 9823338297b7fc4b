package io.portico.it.k8s;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.portico.it.support.RunningProgram;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The kubelet of the cluster's one node: runs a pod's containers as local processes of our programs
 * with the pod spec's arguments and environment, as a container runtime would, and reports the pod
 * status the control plane reads (spec/kubernetes.md §11: the mock has no kubelet).
 *
 * <pre>
 *   run(pod, podIp)
 *     ─▶ status: Running, podIP, containers started and not ready
 *     ─▶ volumes: the service-account token (a fresh token of the pod's account), Secrets,
 *                 ConfigMaps, downward API and emptyDirs as files in the pod's directory
 *     ─▶ each container: image ─▶ bin/&lt;program&gt;; env as Kubernetes resolves it (value with
 *                 $(VAR) expansion, fieldRef, resourceFieldRef, secretKeyRef, configMapKeyRef);
 *                 args with $(VAR) expanded; mount paths in env and args pointing at the volumes
 *     ─▶ readiness probes (httpGet) pass ─▶ status: containers ready, pod Ready
 * </pre>
 *
 * What one host cannot give every pod is emulated and said where it is done: a pod has no network
 * namespace of its own (its IP is a loopback address such as 127.0.0.2, where probes go as on a
 * node); it has no mount namespace (paths under a mount are rewritten to the volume's directory);
 * cluster names resolve through {@link ClusterNetwork}.
 */
final class Kubelet {
  private final ApiServer api;
  private final ServiceAccountTokens tokens;
  private final ClusterNetwork network;
  private final Path root;

  Kubelet(ApiServer api, ServiceAccountTokens tokens, ClusterNetwork network, Path root) {
    this.api = api;
    this.tokens = tokens;
    this.network = network;
    this.root = root;
  }

  /**
   * Runs the containers of {@code pod} named in {@code containers} (all when empty) and waits until
   * they are ready; the others are left to the test (reported as waiting).
   */
  RunningPod run(Pod pod, String podIp, Collection<String> containers) {
    Pod scheduled = schedule(pod, podIp, containers);
    Map<String, Path> volumes = volumes(scheduled);
    RunningPod running = new RunningPod(scheduled, api);
    try {
      for (Container container : scheduled.getSpec().getContainers()) {
        if (!containers.isEmpty() && !containers.contains(container.getName())) {
          continue;
        }
        ContainerLaunch launch = ContainerLaunch.of(scheduled, container, volumes, api.client());
        Map<String, String> env = new LinkedHashMap<>(launch.env());
        env.merge("PORTICO_JAVA_OPTS", network.jvmOption(), (mine, dns) -> mine + " " + dns);
        running.add(
            container.getName(),
            RunningProgram.start(
                launch.program(),
                launch.args(),
                env,
                podDir(scheduled).resolve("logs").resolve(container.getName())));
      }
      for (Container container : scheduled.getSpec().getContainers()) {
        if (running.program(container.getName()) != null) {
          awaitReady(container, podIp, running.program(container.getName()));
        }
      }
      running.reportReady();
      return running;
    } catch (RuntimeException | Error e) {
      running.close();
      throw e;
    }
  }

  /**
   * Writes the status of a pod bound to this node with {@code podIp}: the containers the kubelet
   * runs ({@code containers}, all when empty) started and not ready, the others waiting.
   */
  Pod schedule(Pod pod, String podIp, Collection<String> containers) {
    String now = Instant.now().toString();
    return api.client()
        .pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName())
        .editStatus(
            p -> {
              if (p.getStatus() == null) {
                p.setStatus(new PodStatus());
              }
              p.getStatus().setPhase("Running");
              p.getStatus().setHostIP("127.0.0.1");
              p.getStatus().setPodIP(podIp);
              p.getStatus().setPodIPs(List.of(new PodIPBuilder().withIp(podIp).build()));
              p.getStatus().setStartTime(now);
              p.getStatus()
                  .setConditions(
                      List.of(
                          condition("PodScheduled", true, now),
                          condition("Initialized", true, now),
                          condition("ContainersReady", false, now),
                          condition("Ready", false, now)));
              p.getStatus()
                  .setContainerStatuses(
                      p.getSpec().getContainers().stream()
                          .map(
                              c ->
                                  containerStatus(
                                      c,
                                      false,
                                      containers.isEmpty() || containers.contains(c.getName())))
                          .toList());
              return p;
            });
  }

  static PodCondition condition(String type, boolean status, String now) {
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status ? "True" : "False")
        .withLastTransitionTime(now)
        .build();
  }

  static ContainerStatus containerStatus(Container c, boolean isReady, boolean isStarted) {
    ContainerStatusBuilder status =
        new ContainerStatusBuilder()
            .withName(c.getName())
            .withImage(c.getImage())
            .withReady(isReady)
            .withStarted(isStarted)
            .withRestartCount(0);
    if (isStarted) {
      status
          .withNewState()
          .withNewRunning()
          .withStartedAt(Instant.now().toString())
          .endRunning()
          .endState();
    } else {
      status
          .withNewState()
          .withNewWaiting()
          .withReason("ContainerCreating")
          .endWaiting()
          .endState();
    }
    return status.build();
  }

  /** The directory of a pod: its volumes and its containers' logs. */
  Path podDir(Pod pod) {
    return root.resolve(pod.getMetadata().getNamespace()).resolve(pod.getMetadata().getName());
  }

  /** The volumes of a scheduled pod as directories, by volume name. */
  Map<String, Path> volumes(Pod pod) {
    Map<String, Path> dirs = new LinkedHashMap<>();
    List<Volume> volumes =
        pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
    for (Volume volume : volumes) {
      Path dir = podDir(pod).resolve("volumes").resolve(volume.getName());
      try {
        Files.createDirectories(dir);
        if (volume.getProjected() != null) {
          for (VolumeProjection source : volume.getProjected().getSources()) {
            project(pod, source, dir);
          }
        } else if (volume.getSecret() != null) {
          Secret secret =
              api.client()
                  .secrets()
                  .inNamespace(pod.getMetadata().getNamespace())
                  .withName(volume.getSecret().getSecretName())
                  .get();
          for (Map.Entry<String, String> e : secret.getData().entrySet()) {
            Files.write(dir.resolve(e.getKey()), Base64.getDecoder().decode(e.getValue()));
          }
        } else if (volume.getConfigMap() != null) {
          ConfigMap map =
              api.client()
                  .configMaps()
                  .inNamespace(pod.getMetadata().getNamespace())
                  .withName(volume.getConfigMap().getName())
                  .get();
          if (map.getData() != null) {
            for (Map.Entry<String, String> e : map.getData().entrySet()) {
              Files.writeString(dir.resolve(e.getKey()), e.getValue());
            }
          }
        } else if (volume.getEmptyDir() == null) {
          throw new IllegalArgumentException(
              "volume " + volume.getName() + ": only projected, secret, configMap and emptyDir");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      dirs.put(volume.getName(), dir);
    }
    return dirs;
  }

  private void project(Pod pod, VolumeProjection source, Path dir) throws IOException {
    if (source.getServiceAccountToken() != null) {
      String path = source.getServiceAccountToken().getPath();
      Files.writeString(
          dir.resolve(path),
          tokens.issue(
              pod.getMetadata().getNamespace(),
              pod.getSpec().getServiceAccountName(),
              pod.getMetadata().getName()));
    } else if (source.getDownwardAPI() != null) {
      for (var item : source.getDownwardAPI().getItems()) {
        Files.writeString(
            dir.resolve(item.getPath()), ContainerLaunch.field(pod, item.getFieldRef()));
      }
    } else if (source.getConfigMap() != null) {
      ConfigMap map =
          api.client()
              .configMaps()
              .inNamespace(pod.getMetadata().getNamespace())
              .withName(source.getConfigMap().getName())
              .get();
      // kube-root-ca.crt: the mock serves plain HTTP, there is no cluster CA to publish
      if (map != null && map.getData() != null) {
        for (var item : source.getConfigMap().getItems()) {
          Files.writeString(
              dir.resolve(item.getPath()), map.getData().getOrDefault(item.getKey(), ""));
        }
      }
    }
  }

  /** Waits until the container's readiness probe passes; a container without one is ready. */
  private static void awaitReady(Container container, String podIp, RunningProgram program) {
    if (container.getReadinessProbe() == null
        || container.getReadinessProbe().getHttpGet() == null) {
      return;
    }
    HTTPGetAction get = container.getReadinessProbe().getHttpGet();
    int port = port(container, get.getPort());
    // As on a node: the pod IP, where the proxies answer /ready besides their loopback admin API.
    URI uri =
        URI.create("http://" + podIp + ":" + port + (get.getPath() == null ? "/" : get.getPath()));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    try {
      await("readiness of container " + container.getName() + " (" + program + ") at " + uri)
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .failFast(
              "container " + container.getName() + " exited:\n" + program.output(),
              () -> !program.isAlive())
          .until(() -> status(http, uri) == 200);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(e.getMessage() + "\nits output:\n" + program.output(), e);
    }
  }

  private static int port(Container container, IntOrString port) {
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    for (ContainerPort p : container.getPorts()) {
      if (port.getStrVal().equals(p.getName())) {
        return p.getContainerPort();
      }
    }
    throw new IllegalArgumentException("no container port named " + port.getStrVal());
  }

  private static int status(HttpClient http, URI uri) {
    try {
      return http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** All containers' statuses of {@code pod}: those in {@code ready} running and ready. */
  static List<ContainerStatus> statuses(Pod pod, Collection<String> ready) {
    List<ContainerStatus> out = new ArrayList<>();
    for (Container c : pod.getSpec().getContainers()) {
      out.add(containerStatus(c, ready.contains(c.getName()), ready.contains(c.getName())));
    }
    return out;
  }
}
