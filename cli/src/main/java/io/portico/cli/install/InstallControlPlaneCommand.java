package io.portico.cli.install;

import io.portico.cli.context.CliContext;
import io.portico.cli.install.ControlPlaneSettings.EnvVar;
import io.portico.cli.install.ControlPlaneSettings.FailurePolicy;
import io.portico.cli.version.ClientVersion;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code install control-plane} (spec/kubernetes.md §8): prints the objects of {@link
 * ControlPlaneManifest} for the flags, with a new CA and server certificate in the Secret {@code
 * kuma-tls-cert} each run. Every flag is checked before anything is printed; a bad one is a usage
 * error naming the expected form.
 */
@Command(
    name = "control-plane",
    description = {
      "Print the Kubernetes objects of a Portico control plane.",
      "Namespace, ServiceAccount, TLS Secret, ConfigMap, CRDs, RBAC, Service, Deployment and"
          + " admission webhooks, in the order kubectl needs them:",
      "  porticoctl install control-plane | kubectl apply -f -",
      "Each run issues a new CA and server certificate for the TLS Secret and the webhooks."
    })
final class InstallControlPlaneCommand implements Callable<Integer> {
  static final String CONTROL_PLANE_REPOSITORY = "portico/portico-cp";
  static final String DATAPLANE_REPOSITORY = "portico/portico-dp";

  /** RFC 1123 label: a Namespace name. */
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  /** RFC 1035 label: a Service name. */
  private static final Pattern SERVICE_NAME = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

  /** Kubernetes' environment variable names. */
  private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

  private final CliContext context;

  @Spec CommandSpec spec;

  @Option(
      names = "--namespace",
      paramLabel = "NAMESPACE",
      defaultValue = "kuma-system",
      description = "the system namespace to install into (default: ${DEFAULT-VALUE})")
  String namespace;

  @Option(
      names = "--control-plane-image",
      paramLabel = "IMAGE",
      description =
          "image of the control plane (default: " + CONTROL_PLANE_REPOSITORY + ":<version>)")
  String controlPlaneImage;

  @Option(
      names = "--dataplane-image",
      paramLabel = "IMAGE",
      description =
          "image of the proxies the control plane runs for gateways and injects into pods"
              + " (default: "
              + DATAPLANE_REPOSITORY
              + ":<version>)")
  String dataplaneImage;

  @Option(
      names = "--control-plane-service-name",
      paramLabel = "NAME",
      defaultValue = ControlPlaneManifest.NAME,
      description =
          "name of the control plane's Service, which proxies and webhooks call"
              + " (default: ${DEFAULT-VALUE})")
  String serviceName;

  @Option(
      names = "--injector-failure-policy",
      paramLabel = "POLICY",
      defaultValue = "Fail",
      description =
          "Fail or Ignore: whether pods of an injection-enabled namespace or with the injection"
              + " label are refused while the injector is unreachable (default: ${DEFAULT-VALUE})")
  String injectorFailurePolicy;

  @Option(
      names = "--env-var",
      paramLabel = "NAME=VALUE",
      description =
          "an environment variable of the control plane (repeatable), e.g."
              + " --env-var PORTICO_XDS_SERVER_NACK_BACKOFF=10s; replaces a generated one of the"
              + " same name")
  List<String> envVars;

  InstallControlPlaneCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    ControlPlaneSettings settings = settings();
    ControlPlaneTls tls =
        new ControlPlaneTlsIssuer(new SecureRandom())
            .issue(settings.serviceName(), settings.namespace(), context.now());
    context.out().print(Manifests.yaml(ControlPlaneManifest.objects(settings, tls)));
    context.out().flush();
    return 0;
  }

  /** The flags, checked. */
  ControlPlaneSettings settings() {
    if (namespace.length() > 63 || !DNS_LABEL.matcher(namespace).matches()) {
      throw usage(
          "invalid --namespace \""
              + namespace
              + "\": expected a DNS label (at most 63 lower-case letters, digits and '-',"
              + " starting and ending with a letter or digit)");
    }
    if (serviceName.length() > 63 || !SERVICE_NAME.matcher(serviceName).matches()) {
      throw usage(
          "invalid --control-plane-service-name \""
              + serviceName
              + "\": expected a DNS label starting with a letter (at most 63 lower-case letters,"
              + " digits and '-')");
    }
    return new ControlPlaneSettings(
        namespace,
        serviceName,
        image("--control-plane-image", controlPlaneImage, CONTROL_PLANE_REPOSITORY),
        image("--dataplane-image", dataplaneImage, DATAPLANE_REPOSITORY),
        failurePolicy(),
        parseEnvVars());
  }

  /** The tag of the default images: this build's version, {@code latest} when unknown. */
  static String defaultTag() {
    String version = ClientVersion.get();
    return version.equals("unknown") ? "latest" : version;
  }

  private String image(String flag, String value, String repository) {
    if (value == null) {
      return repository + ":" + defaultTag();
    }
    if (value.isBlank() || value.chars().anyMatch(Character::isWhitespace)) {
      throw usage(
          "invalid "
              + flag
              + " \""
              + value
              + "\": expected an image such as "
              + repository
              + ":1.0");
    }
    return value;
  }

  private FailurePolicy failurePolicy() {
    for (FailurePolicy policy : FailurePolicy.values()) {
      if (policy.name().equalsIgnoreCase(injectorFailurePolicy)) {
        return policy;
      }
    }
    throw usage(
        "invalid --injector-failure-policy \""
            + injectorFailurePolicy
            + "\": expected Fail or Ignore");
  }

  private List<EnvVar> parseEnvVars() {
    List<EnvVar> out = new ArrayList<>();
    if (envVars == null) {
      return out;
    }
    for (String pair : envVars) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (eq < 0 || !ENV_NAME.matcher(name).matches()) {
        throw usage(
            "invalid --env-var \""
                + pair
                + "\": expected NAME=VALUE with a name of letters, digits, '_', '-' and '.',"
                + " not starting with a digit, e.g. PORTICO_XDS_SERVER_NACK_BACKOFF=10s");
      }
      out.add(new EnvVar(name, pair.substring(eq + 1)));
    }
    return out;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
