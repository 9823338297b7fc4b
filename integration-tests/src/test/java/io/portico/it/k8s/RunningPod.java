package io.portico.it.k8s;

import io.fabric8.kubernetes.api.model.Pod;
import io.portico.it.support.RunningProgram;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A pod whose containers the {@link Kubelet} runs; closing it stops them, the last first. */
final class RunningPod implements AutoCloseable {
  private final Pod pod;
  private final ApiServer api;
  private final Map<String, RunningProgram> programs = new LinkedHashMap<>();

  RunningPod(Pod pod, ApiServer api) {
    this.pod = pod;
    this.api = api;
  }

  void add(String container, RunningProgram program) {
    programs.put(container, program);
  }

  /** The program of a container, null when the kubelet does not run it. */
  RunningProgram program(String container) {
    return programs.get(container);
  }

  String name() {
    return pod.getMetadata().getName();
  }

  String namespace() {
    return pod.getMetadata().getNamespace();
  }

  /** The pod as the kubelet started it (spec and status). */
  Pod pod() {
    return pod;
  }

  /** The Kuma name of the pod's Dataplane, {@code <pod>.<namespace>} (spec/kubernetes.md §2.3). */
  String dataplaneName() {
    return name() + "." + namespace();
  }

  /** Writes the status of a pod whose containers passed their readiness probes. */
  void reportReady() {
    String now = Instant.now().toString();
    boolean isAllReady = programs.size() == pod.getSpec().getContainers().size();
    api.client()
        .pods()
        .inNamespace(namespace())
        .withName(name())
        .editStatus(
            p -> {
              p.getStatus().setContainerStatuses(Kubelet.statuses(p, programs.keySet()));
              p.getStatus()
                  .setConditions(
                      List.of(
                          Kubelet.condition("PodScheduled", true, now),
                          Kubelet.condition("Initialized", true, now),
                          Kubelet.condition("ContainersReady", isAllReady, now),
                          Kubelet.condition("Ready", isAllReady, now)));
              return p;
            });
  }

  /** Everything the containers printed, for failure messages. */
  String output() {
    StringBuilder out = new StringBuilder();
    programs.forEach(
        (name, program) ->
            out.append("--- container ")
                .append(name)
                .append(" of pod ")
                .append(name())
                .append(" (")
                .append(program)
                .append("):\n")
                .append(program.output())
                .append('\n'));
    return out.toString();
  }

  @Override
  public void close() {
    List<RunningProgram> all = List.copyOf(programs.values());
    for (int i = all.size() - 1; i >= 0; i--) {
      all.get(i).close();
    }
  }
}
