package io.portico.proxy.run;

import io.grpc.ManagedChannel;
import io.portico.proxy.api.v1.BuildInfo;
import io.portico.proxy.api.v1.Hello;
import io.portico.proxy.stream.ConfigStream;
import io.portico.proxy.stream.ControlPlaneAddress;
import io.portico.proxy.stream.ControlPlaneChannel;
import io.portico.proxy.stream.ControlPlaneTrust;
import io.portico.proxy.stream.StreamEnd;
import io.portico.proxy.transport.Transport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code portico-dp run}: kuma-dp's {@code run} flags (spec/core.md §6.4) for a proxy that talks to
 * the control plane over one stream instead of bootstrap + Envoy.
 *
 * <p>Exit codes: 0 after a termination signal and draining; 1 when the control plane refused the
 * proxy (its message is printed) or the proxy failed; 2 for bad input (flags, environment, files).
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Runs a data-plane proxy configured by the control plane.",
    footer = {
      "",
      "Every option but -v can also be set by the environment variable in brackets; a flag wins.",
      "PORTICO_CONTROL_PLANE_CA_CERT may hold the CA certificate itself (PEM) instead of a file."
    })
public final class RunCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

  @Spec CommandSpec spec;

  @Option(
      names = "--cp-address",
      defaultValue = "https://localhost:5678",
      description =
          "URL of the control plane's DP server [PORTICO_CONTROL_PLANE_URL]. Default: ${DEFAULT-VALUE}")
  String cpAddress;

  @Option(
      names = "--ca-cert-file",
      description =
          "CA certificate (PEM) that the control plane's certificate must chain to [PORTICO_CONTROL_PLANE_CA_CERT_FILE]. Without it the certificate is not verified.")
  String caCertFile;

  @Option(
      names = {"-d", "--dataplane-file"},
      description =
          "Dataplane, ZoneIngress or ZoneEgress template to register; - reads stdin [PORTICO_DATAPLANE_RUNTIME_RESOURCE_PATH]")
  String dataplaneFile;

  @Option(
      names = "--dataplane",
      description = "The template itself, instead of a file [PORTICO_DATAPLANE_RUNTIME_RESOURCE]")
  String dataplane;

  @Option(
      names = {"-v", "--dataplane-var"},
      paramLabel = "key=value",
      description = "Template variable (repeatable); a dotted key a.b.c nests: {{a.b.c}}")
  List<String> dataplaneVars = new ArrayList<>();

  @Option(
      names = "--dataplane-token-file",
      description = "File holding the dataplane token [PORTICO_DATAPLANE_RUNTIME_TOKEN_PATH]")
  String tokenFile;

  @Option(
      names = "--dataplane-token",
      description =
          "The dataplane token itself; wins over --dataplane-token-file [PORTICO_DATAPLANE_RUNTIME_TOKEN]")
  String token;

  @Option(
      names = "--name",
      description =
          "Name of a dataplane created through the API (indirect mode) [PORTICO_DATAPLANE_NAME]")
  String name;

  @Option(
      names = "--mesh",
      description =
          "Mesh of a dataplane created through the API (indirect mode) [PORTICO_DATAPLANE_MESH]")
  String mesh;

  @Option(
      names = "--proxy-type",
      defaultValue = "dataplane",
      converter = ProxyTypeConverter.class,
      description =
          "dataplane, ingress or egress [PORTICO_DATAPLANE_PROXY_TYPE]. Default: ${DEFAULT-VALUE}")
  ProxyType proxyType;

  @Option(
      names = "--dns-enabled",
      arity = "0..1",
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Accepted for compatibility; portico-dp provides no DNS [PORTICO_DNS_ENABLED]. Default: ${DEFAULT-VALUE}")
  boolean dnsEnabled;

  @Option(
      names = "--drain-time",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "How long to drain connections on SIGTERM before exiting, e.g. 30s, 1m [PORTICO_DATAPLANE_DRAIN_TIME]. Default: ${DEFAULT-VALUE}")
  Duration drainTime;

  @Option(
      names = "--concurrency",
      defaultValue = "0",
      description =
          "Event-loop threads of the proxy; 0 = one per core [PORTICO_DATAPLANE_RUNTIME_CONCURRENCY]. Default: ${DEFAULT-VALUE}")
  int concurrency;

  @Option(
      names = "--transport",
      defaultValue = "io_uring",
      converter = TransportConverter.class,
      description =
          "I/O of the event loops: io_uring (fewer system calls; Linux 5.14+, falls back to epoll"
              + " where the kernel or seccomp forbids it), epoll or nio"
              + " [PORTICO_DATAPLANE_RUNTIME_TRANSPORT]. Default: ${DEFAULT-VALUE}")
  Transport.Kind transport;

  @Option(
      names = "--log-level",
      converter = LogLevels.Converter.class,
      description =
          "Level of everything portico-dp logs: off, error, warn, info, debug or trace [PORTICO_LOG_LEVEL]. Default: info")
  String logLevel;

  @Option(
      names = "--envoy-log-level",
      converter = LogLevels.Converter.class,
      description =
          "Level of the proxy's traffic handling (listeners, routes, upstreams), which kuma-dp"
              + " gives Envoy; unset = --log-level [PORTICO_DATAPLANE_RUNTIME_ENVOY_LOG_LEVEL]")
  String envoyLogLevel;

  @Option(names = "--admin-port", hidden = true)
  String adminPort;

  /** More event loops than this helps no proxy and is most likely a typo. */
  static final int MAX_CONCURRENCY = 1024;

  private final Launch launch;

  public RunCommand(Launch launch) {
    this.launch = launch;
  }

  /** Defaults of this command's options from {@code PORTICO_*} environment variables. */
  public static IDefaultValueProvider environmentDefaults(Map<String, String> environment) {
    return new EnvironmentDefaults(environment);
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    RunPlan plan = plan();
    LogLevels.apply(logLevel, envoyLogLevel);
    plan.notices().forEach(err::println);
    err.flush();

    Supplier<ManagedChannel> channels;
    try {
      channels = ControlPlaneChannel.factory(plan.address(), plan.trust());
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
    try (Proxy runtime = launch.runtimeFactory().create(plan.proxy())) {
      return serve(plan, channels, runtime, err);
    }
  }

  /** Runs the stream until a refusal (1) or a termination signal (0, after draining). */
  private int serve(
      RunPlan plan, Supplier<ManagedChannel> channels, Proxy runtime, PrintWriter err) {
    ConfigStream stream =
        new ConfigStream(channels, plan.hello(), plan.token(), runtime.configSink());
    try {
      log.atInfo()
          .addKeyValue("mesh", plan.proxy().mesh())
          .addKeyValue("dataplane", plan.proxy().name())
          .addKeyValue("proxyType", plan.proxy().type())
          .addKeyValue("controlPlane", plan.address())
          .log("starting");
      stream.start();
      Object outcome =
          CompletableFuture.anyOf(
                  stream.end().toCompletableFuture(), launch.shutdown().toCompletableFuture())
              .join();
      if (outcome instanceof StreamEnd.Refused refused) {
        err.println(
            "Error: the control plane at "
                + plan.address()
                + " refused "
                + describe(plan.proxy())
                + ": "
                + refused);
        err.flush();
        return 1;
      }
      log.atInfo()
          .addKeyValue("mesh", plan.proxy().mesh())
          .addKeyValue("dataplane", plan.proxy().name())
          .addKeyValue("drainTime", plan.drainTime())
          .log("shutting down: leaving the control plane and draining");
      stream.close();
      drain(runtime, plan.drainTime());
      return 0;
    } finally {
      stream.close();
    }
  }

  private static void drain(Proxy runtime, Duration drainTime) {
    try {
      runtime.drain().toCompletableFuture().get(drainTime.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      log.atInfo().addKeyValue("drainTime", drainTime).log("drain time is over; closing");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      log.atWarn().setCause(e.getCause()).log("draining failed; closing");
    }
  }

  private static String describe(ProxyDescription proxy) {
    return switch (proxy.type()) {
      case DATAPLANE -> "dataplane \"" + proxy.mesh() + "/" + proxy.name() + "\"";
      case INGRESS -> "zone ingress \"" + proxy.name() + "\"";
      case EGRESS -> "zone egress \"" + proxy.name() + "\"";
    };
  }

  /** Checks every input; the first problem found ends the command. */
  RunPlan plan() {
    List<String> notices = new ArrayList<>();
    if (adminPort != null) {
      throw new BadInputException(
          "--admin-port is not supported: the admin port comes from the Dataplane's"
              + " networking.admin.port (default 9901)");
    }
    ControlPlaneAddress address;
    try {
      address = ControlPlaneAddress.parse(cpAddress);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }

    boolean hasFile = isSet(dataplaneFile);
    boolean hasInline = isSet(dataplane);
    if (hasFile && hasInline) {
      throw new BadInputException(
          "--dataplane-file and --dataplane both give a dataplane template: give only one");
    }
    boolean hasTemplate = hasFile || hasInline;
    if (hasTemplate && (isSet(name) || isSet(mesh))) {
      throw new BadInputException(
          "--name and --mesh cannot be combined with a dataplane template"
              + " (--dataplane-file or --dataplane): the name and mesh come from the template");
    }
    if (!hasTemplate && !dataplaneVars.isEmpty()) {
      throw new BadInputException(
          "--dataplane-var is given but there is no template to render:"
              + " add --dataplane-file or --dataplane");
    }

    Hello.Builder hello =
        Hello.newBuilder().setProxyType(proxyType.flagValue()).setBuild(buildInfo());
    ProxyDescription proxy;
    if (hasTemplate) {
      String source = hasInline ? "--dataplane" : templateSource(dataplaneFile);
      String template = hasInline ? dataplane : readTemplate(dataplaneFile);
      ProxyResource resource = DataplaneTemplate.render(source, template, dataplaneVars, proxyType);
      proxy =
          new ProxyDescription(resource.mesh(), resource.name(), proxyType, resource.adminPort());
      hello.setMesh(resource.mesh()).setName(resource.name()).setDataplane(resource.text());
    } else {
      if (!isSet(name) || (proxyType.isMeshScoped() && !isSet(mesh))) {
        throw new BadInputException(
            "no dataplane given: pass --dataplane-file (or --dataplane) to register one, or "
                + (proxyType.isMeshScoped() ? "--name and --mesh" : "--name")
                + " to run as one created through the API");
      }
      String meshName = isSet(mesh) ? mesh.trim() : "";
      proxy = new ProxyDescription(meshName, name.trim(), proxyType);
      hello.setMesh(meshName).setName(name.trim());
    }

    String resolvedToken = resolveToken();
    if (resolvedToken.isEmpty()) {
      notices.add(
          "Notice: no dataplane token given (--dataplane-token-file): the control plane will"
              + " refuse the proxy unless its dataplane authentication is off.");
    }

    ControlPlaneTrust trust = resolveTrust();
    if (trust instanceof ControlPlaneTrust.Unverified) {
      notices.add(
          "WARNING: no --ca-cert-file given: the control plane's certificate is NOT verified,"
              + " anyone on the network path can impersonate it. Pass --ca-cert-file"
              + " (or PORTICO_CONTROL_PLANE_CA_CERT_FILE) to verify it.");
    }
    if (dnsEnabled && proxyType == ProxyType.DATAPLANE) {
      notices.add(
          "Notice: portico-dp provides no DNS; --dns-enabled=true is accepted for compatibility"
              + " and ignored (pass --dns-enabled=false to silence this notice).");
    }
    if (drainTime.isNegative()) {
      throw new BadInputException("--drain-time " + drainTime + ": expected a duration >= 0");
    }
    if (concurrency < 0 || concurrency > MAX_CONCURRENCY) {
      throw new BadInputException(
          "--concurrency "
              + concurrency
              + ": expected 0 (one thread per core) to "
              + MAX_CONCURRENCY
              + " threads");
    }
    proxy = proxy.withConcurrency(concurrency).withTransport(transport);
    return new RunPlan(address, trust, hello.build(), resolvedToken, proxy, drainTime, notices);
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }

  private static String templateSource(String file) {
    return file.equals("-") ? "dataplane template from stdin" : "dataplane file \"" + file + "\"";
  }

  private String readTemplate(String file) {
    if (file.equals("-")) {
      try {
        return new String(launch.stdin().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new BadInputException(
            "cannot read the dataplane template from stdin: " + e.getMessage(), e);
      }
    }
    return readFile(file, "dataplane file");
  }

  private static String readFile(String file, String what) {
    Path path;
    try {
      path = Path.of(file);
    } catch (InvalidPathException e) {
      throw new BadInputException(
          what + " \"" + file + "\" is not a valid path: " + e.getReason(), e);
    }
    if (!Files.exists(path)) {
      throw new BadInputException(what + " \"" + file + "\" does not exist");
    }
    if (Files.isDirectory(path)) {
      throw new BadInputException(what + " \"" + file + "\" is a directory: expected a file");
    }
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BadInputException(what + " \"" + file + "\" cannot be read: " + e.getMessage(), e);
    }
  }

  private String resolveToken() {
    if (token != null) {
      if (token.isBlank()) {
        throw new BadInputException("--dataplane-token is empty: expected a dataplane token");
      }
      return token.trim();
    }
    if (tokenFile != null) {
      String content = readFile(tokenFile, "dataplane token file");
      if (content.isBlank()) {
        throw new BadInputException(
            "dataplane token file \"" + tokenFile + "\" is empty: expected a dataplane token");
      }
      return content.trim();
    }
    return "";
  }

  private ControlPlaneTrust resolveTrust() {
    if (isSet(caCertFile)) {
      String pem = readFile(caCertFile, "CA certificate file");
      if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
        throw new BadInputException(
            "CA certificate file \""
                + caCertFile
                + "\" holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
      }
      return new ControlPlaneTrust.CaCertificates(pem, "file \"" + caCertFile + "\"");
    }
    String inline =
        EnvironmentDefaults.get(launch.environment(), EnvironmentDefaults.CA_CERT_VARIABLE);
    if (isSet(inline)) {
      if (!inline.contains("-----BEGIN CERTIFICATE-----")) {
        throw new BadInputException(
            EnvironmentDefaults.CA_CERT_VARIABLE
                + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
      }
      return new ControlPlaneTrust.CaCertificates(inline, EnvironmentDefaults.CA_CERT_VARIABLE);
    }
    return new ControlPlaneTrust.Unverified();
  }

  private static BuildInfo buildInfo() {
    Package pkg = RunCommand.class.getPackage();
    String version = pkg == null ? null : pkg.getImplementationVersion();
    return BuildInfo.newBuilder().setVersion(version == null ? "dev" : version).build();
  }

  /** {@code --proxy-type} values. */
  static final class ProxyTypeConverter implements ITypeConverter<ProxyType> {
    @Override
    public ProxyType convert(String value) {
      try {
        return ProxyType.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** {@code --drain-time} values: Go syntax as kuma-dp takes them, not negative. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Duration duration;
      try {
        duration = io.portico.format.GoDurations.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
      if (duration.isNegative()) {
        throw new TypeConversionException(
            "invalid duration "
                + io.portico.format.Quoting.quote(value)
                + ": must not be negative");
      }
      return duration;
    }
  }

  /** {@code --transport}: epoll, io_uring or nio, in any case. */
  static final class TransportConverter implements ITypeConverter<Transport.Kind> {
    @Override
    public Transport.Kind convert(String value) {
      for (Transport.Kind kind : Transport.Kind.values()) {
        if (kind.optionName().equalsIgnoreCase(value.trim())) {
          return kind;
        }
      }
      throw new TypeConversionException(
          "\"" + value + "\" is not a transport: expected epoll, io_uring or nio");
    }
  }
}
