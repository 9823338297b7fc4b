package io.portico.it.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the kubelet runs for one container of a pod, as a container runtime would start the image:
 * the image's program ({@code bin/<program>} of the checkout; the images' entrypoints are these
 * programs) with the container's {@code args}, and its environment as Kubernetes resolves it:
 *
 * <ul>
 *   <li>{@code value}, with {@code $(VAR)} of variables defined before it expanded ({@code $$} is a
 *       {@code $}, an undefined reference stays as written);
 *   <li>{@code valueFrom}: {@code fieldRef} (the downward API), {@code resourceFieldRef} (a limit
 *       or request of a container, ceiled to the divisor; the node's capacity without a limit),
 *       {@code secretKeyRef}, {@code configMapKeyRef};
 *   <li>a path under one of the container's mounts, in a variable or an argument (alone or after
 *       {@code =}), is rewritten to the volume's directory: the one host has no mount namespace per
 *       container.
 * </ul>
 *
 * @param program our program in bin/
 * @param args its arguments
 * @param env its environment, in the pod spec's order
 */
record ContainerLaunch(String program, List<String> args, Map<String, String> env) {
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

  ContainerLaunch {
    args = List.copyOf(args);
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
  }

  /**
   * What the kubelet runs for {@code container} of a scheduled pod.
   *
   * @param volumes the pod's volumes as directories, by name
   * @param client reads the Secrets and ConfigMaps that variables refer to
   */
  static ContainerLaunch of(
      Pod pod, Container container, Map<String, Path> volumes, KubernetesClient client) {
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
      env.put(variable.getName(), value(pod, container, variable, env, client));
    }
    Mounts mounts = new Mounts(container.getVolumeMounts(), volumes);
    env.replaceAll((name, value) -> mounts.rewrite(value));
    List<String> args = new ArrayList<>();
    for (String arg : container.getArgs() == null ? List.<String>of() : container.getArgs()) {
      args.add(mounts.rewrite(expand(arg, env)));
    }
    return new ContainerLaunch(program, args, env);
  }

  private static String value(
      Pod pod,
      Container container,
      EnvVar variable,
      Map<String, String> env,
      KubernetesClient client) {
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
          client.secrets().inNamespace(namespace).withName(from.getSecretKeyRef().getName()).get();
      return new String(
          Base64.getDecoder().decode(secret.getData().get(from.getSecretKeyRef().getKey())),
          StandardCharsets.UTF_8);
    }
    if (from.getConfigMapKeyRef() != null) {
      ConfigMap map =
          client
              .configMaps()
              .inNamespace(namespace)
              .withName(from.getConfigMapKeyRef().getName())
              .get();
      return map.getData().get(from.getConfigMapKeyRef().getKey());
    }
    throw new IllegalArgumentException("variable " + variable.getName() + ": unknown valueFrom");
  }

  /** The downward API: a pod field as the kubelet writes it. */
  static String field(Pod pod, ObjectFieldSelector selector) {
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
}
