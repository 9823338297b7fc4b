package io.portico.it.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The API server's built-in ServiceAccount admission plugin, which runs before the admission
 * webhooks: a pod without {@code spec.serviceAccountName} runs as {@code default}, and unless it
 * opts out with {@code automountServiceAccountToken: false} it gets the projected volume {@code
 * kube-api-access-<suffix>} (token, cluster CA, namespace) mounted read-only at {@value #TOKEN_DIR}
 * in every container. The sidecar injector copies that mount (spec/kubernetes.md §6.3).
 */
final class ServiceAccountAdmission {
  static final String TOKEN_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";
  static final String VOLUME_PREFIX = "kube-api-access-";

  private ServiceAccountAdmission() {}

  static void admit(Pod pod) {
    var spec = pod.getSpec();
    if (spec.getServiceAccountName() == null || spec.getServiceAccountName().isEmpty()) {
      spec.setServiceAccountName("default");
    }
    if (Boolean.FALSE.equals(spec.getAutomountServiceAccountToken())) {
      return;
    }
    String volume = VOLUME_PREFIX + suffix(pod.getMetadata().getName());
    List<Volume> volumes =
        new ArrayList<>(spec.getVolumes() == null ? List.of() : spec.getVolumes());
    volumes.add(
        new VolumeBuilder()
            .withName(volume)
            .withNewProjected()
            .withDefaultMode(420)
            .addNewSource()
            .withNewServiceAccountToken()
            .withExpirationSeconds(3607L)
            .withPath("token")
            .endServiceAccountToken()
            .endSource()
            .addNewSource()
            .withNewConfigMap()
            .withName("kube-root-ca.crt")
            .addNewItem()
            .withKey("ca.crt")
            .withPath("ca.crt")
            .endItem()
            .endConfigMap()
            .endSource()
            .addNewSource()
            .withNewDownwardAPI()
            .addNewItem()
            .withPath("namespace")
            .withNewFieldRef()
            .withApiVersion("v1")
            .withFieldPath("metadata.namespace")
            .endFieldRef()
            .endItem()
            .endDownwardAPI()
            .endSource()
            .endProjected()
            .build());
    spec.setVolumes(volumes);
    List<Container> containers = new ArrayList<>(spec.getContainers());
    if (spec.getInitContainers() != null) {
      containers.addAll(spec.getInitContainers());
    }
    for (Container container : containers) {
      boolean isMounted =
          container.getVolumeMounts() != null
              && container.getVolumeMounts().stream()
                  .anyMatch(m -> TOKEN_DIR.equals(m.getMountPath()));
      if (!isMounted) {
        List<VolumeMount> mounts =
            new ArrayList<>(
                container.getVolumeMounts() == null ? List.of() : container.getVolumeMounts());
        mounts.add(
            new VolumeMountBuilder()
                .withName(volume)
                .withMountPath(TOKEN_DIR)
                .withReadOnly(true)
                .build());
        container.setVolumeMounts(mounts);
      }
    }
  }

  /** Five characters from the pod name, standing for the API server's random suffix. */
  private static String suffix(String podName) {
    String base36 = Integer.toString(Math.floorMod(podName.hashCode(), 36 * 36 * 36 * 36 * 36), 36);
    return ("00000" + base36).substring(base36.length()).toLowerCase(Locale.ROOT);
  }
}
