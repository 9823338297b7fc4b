package io.portico.cli.install;

import java.util.List;
import java.util.Objects;

/**
 * What {@code install control-plane} was asked for, flags already checked.
 *
 * @param namespace the system namespace (spec/kubernetes.md §2.4), e.g. {@code kuma-system}
 * @param serviceName the control plane's Service, which the webhooks and proxies call and the
 *     server certificate names
 * @param controlPlaneImage image of the {@code control-plane} container
 * @param dataplaneImage image of the proxies the control plane starts or injects
 * @param injectorFailurePolicy what the API server does with a Pod when the injector cannot be
 *     reached
 * @param envVars extra variables of the {@code control-plane} container, in order; one with the
 *     name of a generated variable replaces its value
 */
record ControlPlaneSettings(
    String namespace,
    String serviceName,
    String controlPlaneImage,
    String dataplaneImage,
    FailurePolicy injectorFailurePolicy,
    List<EnvVar> envVars) {
  ControlPlaneSettings {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(serviceName, "serviceName");
    Objects.requireNonNull(controlPlaneImage, "controlPlaneImage");
    Objects.requireNonNull(dataplaneImage, "dataplaneImage");
    Objects.requireNonNull(injectorFailurePolicy, "injectorFailurePolicy");
    envVars = List.copyOf(envVars);
  }

  /** An admission webhook's {@code failurePolicy}. */
  enum FailurePolicy {
    Fail,
    Ignore
  }

  /** One environment variable of a container. */
  record EnvVar(String name, String value) {
    EnvVar {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }
}
