package io.portico.it.k8s;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.portico.it.support.RunningProgram;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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
 * namespace of its own (its IP is a loopback address such as 127.0.0.2, and probes go to 127.0.0.1,
 * where the proxies' admin API listens); it has no mount namespace (paths under a mount are
 * rewritten to the volume's directory); cluster names resolve through {@link ClusterNetwork}.
 */
final class Kubelet {
  /** Image repository name (the part after the last {@code /}, before the tag) → bin/ program. */
  private static final Map<String, String> PROGRAMS =
      Map.of(
          "portico-dp", "portico-dp",
          "portico-cp", "portico-cp",
          "portico-testserver", "portico-testserver");

  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");
  private static final String NODE_MEMORY_BYTES = Long.toString(8L << 30);
  private static final String NODE_CPU_CORES = "4";

  private final ApiServer api;
  private final ServiceAccountTokens tokens;
  private final ClusterNetwork network;
  private final Path root;

  /**
   * What the kubelet would run for one container.
   *
   * @param program our program in bin/
   * @param args its arguments
   * @param env its environment, in the pod spec's order
   */
  record Launch(String program, List<String> args, Map<String, String> env) {
    Launch {
      args = List.copyOf(args);
      env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
    }
  }

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
        Launch launch = launch(scheduled, container, volumes);
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
          awaitReady(container, running.program(container.getName()));
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
                p.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
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
          tokens.issue(pod.getMetadata().getNamespace(), pod.getSpec().getServiceAccountName()));
    } else if (source.getDownwardAPI() != null) {
      for (var item : source.getDownwardAPI().getItems()) {
        Files.writeString(dir.resolve(item.getPath()), field(pod, item.getFieldRef()));
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

  /** What the kubelet would run for {@code container} of a scheduled pod. */
  Launch launch(Pod pod, Container container, Map<String, Path> volumes) {
    if (container.getCommand() != null && !container.getCommand().isEmpty()) {
      throw new IllegalArgumentException(
          "container " + container.getName() + ": a command replacing the entrypoint is not run");
    }
    String image = container.getImage();
    String repository = image.substring(image.lastIndexOf('/') + 1).split("[:@]")[0];
    String program = PROGRAMS.get(repository);
    if (program == null) {
      throw new IllegalArgumentException(
          "container " + container.getName() + ": no program for image " + image);
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar variable : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
      env.put(variable.getName(), value(pod, container, variable, env));
    }
    Mounts mounts = new Mounts(container.getVolumeMounts(), volumes);
    env.replaceAll((name, value) -> mounts.rewrite(value));
    List<String> args = new ArrayList<>();
    for (String arg : container.getArgs() == null ? List.<String>of() : container.getArgs()) {
      args.add(mounts.rewrite(expand(arg, env)));
    }
    return new Launch(program, args, env);
  }

  private String value(Pod pod, Container container, EnvVar variable, Map<String, String> env) {
    EnvVarSource from = variable.getValueFrom();
    if (from == null) {
      return expand(variable.getValue() == null ? "" : variable.getValue(), env);
    }
    if (from.getFieldRef() != null) {
      return field(pod, from.getFieldRef());
    }
    if (from.getResourceFieldRef() != null) {
      return resource(pod, container, from.getResourceFieldRef());
    }
    String namespace = pod.getMetadata().getNamespace();
    if (from.getSecretKeyRef() != null) {
      Secret secret =
          api.client()
              .secrets()
              .inNamespace(namespace)
              .withName(from.getSecretKeyRef().getName())
              .get();
      return new String(
          Base64.getDecoder().decode(secret.getData().get(from.getSecretKeyRef().getKey())),
          StandardCharsets.UTF_8);
    }
    if (from.getConfigMapKeyRef() != null) {
      ConfigMap map =
          api.client()
              .configMaps()
              .inNamespace(namespace)
              .withName(from.getConfigMapKeyRef().getName())
              .get();
      return map.getData().get(from.getConfigMapKeyRef().getKey());
    }
    throw new IllegalArgumentException("variable " + variable.getName() + ": unknown valueFrom");
  }

  /** The downward API: a pod field as the kubelet writes it. */
  private static String field(Pod pod, ObjectFieldSelector selector) {
    String path = selector.getFieldPath();
    Matcher keyed = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]").matcher(path);
    if (keyed.matches()) {
      Map<String, String> map =
          keyed.group(1).equals("labels")
              ? pod.getMetadata().getLabels()
              : pod.getMetadata().getAnnotations();
      return map == null ? "" : map.getOrDefault(keyed.group(2), "");
    }
    return switch (path) {
      case "metadata.name" -> pod.getMetadata().getName();
      case "metadata.namespace" -> pod.getMetadata().getNamespace();
      case "metadata.uid" -> pod.getMetadata().getUid();
      case "spec.nodeName" -> "node-1";
      case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
      case "status.hostIP" -> pod.getStatus().getHostIP();
      case "status.podIP", "status.podIPs" -> pod.getStatus().getPodIP();
      default -> throw new IllegalArgumentException("fieldRef " + path + " is not supported");
    };
  }

  /**
   * {@code resourceFieldRef}: a limit or request of a container, divided by the divisor, ceiled.
   */
  private static String resource(Pod pod, Container self, ResourceFieldSelector selector) {
    String containerName = selector.getContainerName();
    Container container =
        containerName == null || containerName.isEmpty()
            ? self
            : pod.getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(containerName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no container " + containerName));
    String[] parts = selector.getResource().split("\\.", 2);
    Map<String, Quantity> quantities =
        container.getResources() == null
            ? null
            : parts[0].equals("limits")
                ? container.getResources().getLimits()
                : container.getResources().getRequests();
    Quantity quantity = quantities == null ? null : quantities.get(parts[1]);
    if (quantity == null) {
      return parts[1].equals("memory") ? NODE_MEMORY_BYTES : NODE_CPU_CORES;
    }
    BigDecimal divisor =
        selector.getDivisor() == null
            ? BigDecimal.ONE
            : Quantity.getAmountInBytes(selector.getDivisor());
    return Quantity.getAmountInBytes(quantity)
        .divide(divisor, 0, RoundingMode.CEILING)
        .toPlainString();
  }

  /** Kubernetes' {@code $(VAR)} expansion: defined variables expand, {@code $$} is a {@code $}. */
  static String expand(String text, Map<String, String> env) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group().equals("$$")) {
        replacement = "$";
      } else {
        replacement = env.getOrDefault(m.group(1), m.group());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * The container's mounts, standing for its mount namespace: a path under a mount path, alone or
   * after {@code =} in an argument, is rewritten to the volume's directory, in one pass.
   */
  private static final class Mounts {
    private final Map<String, Path> byPath = new LinkedHashMap<>();
    private final Pattern pattern;

    Mounts(List<VolumeMount> mounts, Map<String, Path> volumes) {
      List<VolumeMount> all = mounts == null ? List.of() : new ArrayList<>(mounts);
      all.sort(Comparator.comparingInt((VolumeMount m) -> m.getMountPath().length()).reversed());
      for (VolumeMount mount : all) {
        Path dir = volumes.get(mount.getName());
        if (dir == null) {
          throw new IllegalArgumentException("mount of a missing volume " + mount.getName());
        }
        if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
          dir = dir.resolve(mount.getSubPath());
        }
        byPath.put(mount.getMountPath(), dir);
      }
      pattern =
          byPath.isEmpty()
              ? null
              : Pattern.compile(
                  "(?<=^|=)("
                      + byPath.keySet().stream()
                          .map(Pattern::quote)
                          .collect(Collectors.joining("|"))
                      + ")(?=/|$)");
    }

    String rewrite(String value) {
      if (pattern == null) {
        return value;
      }
      return pattern
          .matcher(value)
          .replaceAll(m -> Matcher.quoteReplacement(byPath.get(m.group(1)).toString()));
    }
  }

  /** Waits until the container's readiness probe passes; a container without one is ready. */
  private static void awaitReady(Container container, RunningProgram program) {
    if (container.getReadinessProbe() == null
        || container.getReadinessProbe().getHttpGet() == null) {
      return;
    }
    HTTPGetAction get = container.getReadinessProbe().getHttpGet();
    int port = port(container, get.getPort());
    // On a node the kubelet probes the pod IP; the proxies serve /ready on loopback only.
    URI uri =
        URI.create("http://127.0.0.1:" + port + (get.getPath() == null ? "/" : get.getPath()));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    try {
      await("readiness of container " + container.getName() + " (" + program + ") at " + uri)
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .failFast(
              "container " + container.getName() + " exited:\n" + program.output(),
              () -> !program.isAlive())
          .until(() -> status(http, uri) == 200);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
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
