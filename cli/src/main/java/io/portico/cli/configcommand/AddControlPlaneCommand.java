package io.portico.cli.configcommand;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.cli.client.ControlPlaneClient;
import io.portico.cli.client.ControlPlaneException;
import io.portico.cli.config.ApiServer;
import io.portico.cli.config.CliConfig;
import io.portico.cli.config.ControlPlaneEntry;
import io.portico.cli.context.CliContext;
import io.portico.cli.context.CliException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code config control-planes add}: checks that the control plane answers {@code GET /} with the
 * given TLS, headers and token (unless {@code --skip-check}), saves it with a context of the same
 * name, and makes that context current.
 */
@Command(name = "add", description = "Add a control plane and make it the active one.")
final class AddControlPlaneCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Option(names = "--name", required = true, description = "reference name for the control plane")
  String name;

  @Option(
      names = "--address",
      required = true,
      description = "URL of the control plane API, e.g. http://localhost:5681 or https://host:5682")
  String address;

  @Option(names = "--overwrite", description = "replace a control plane of the same name")
  boolean overwrite;

  @Option(names = "--skip-verify", description = "do not check the control plane's TLS certificate")
  boolean skipVerify;

  @Option(
      names = "--ca-cert-file",
      paramLabel = "FILE",
      description =
          "PEM file of the CA that signed the control plane's certificate (only the path is stored)")
  String caCertFile = "";

  @Option(names = "--auth-type", description = "authentication type: tokens")
  String authType = "";

  @Option(
      names = "--auth-conf",
      paramLabel = "KEY=VALUE",
      description = "authentication settings, e.g. token=<JWT> for --auth-type tokens")
  List<String> authConf = new ArrayList<>();

  @Option(
      names = "--headers",
      paramLabel = "KEY=VALUE",
      description = "header to send with every request; repeatable")
  List<String> headers = new ArrayList<>();

  @Option(names = "--skip-check", description = "do not check that the control plane answers")
  boolean skipCheck;

  AddControlPlaneCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    ApiServer server = apiServer();
    CliConfig config = context.config();
    if (config.controlPlane(name).isPresent() && !overwrite) {
      throw new CliException(
          "Control Plane with name \""
              + name
              + "\" already exists. Use --overwrite to replace an existing one.");
    }
    ControlPlaneEntry entry = new ControlPlaneEntry(name, server);
    if (!skipCheck) {
      verify(entry);
    }
    context.saveConfig(config.withControlPlane(entry));
    context.out().println("added Control Plane \"" + name + "\"");
    context.out().println("switched active Control Plane to \"" + name + "\"");
    context.out().flush();
    return 0;
  }

  private ApiServer apiServer() {
    if (name.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--name: cannot be empty");
    }
    try {
      ControlPlaneClient.parseAddress(address);
    } catch (ControlPlaneException e) {
      throw new ParameterException(spec.commandLine(), "--address: " + e.getMessage());
    }
    Map<String, String> conf;
    Map<String, String> extraHeaders;
    try {
      conf = KeyValues.parse("--auth-conf", authConf);
      extraHeaders = KeyValues.parse("--headers", headers);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (!authType.isEmpty() && !authType.equals(ApiServer.TOKENS)) {
      throw new ParameterException(
          spec.commandLine(), "--auth-type \"" + authType + "\": expected " + ApiServer.TOKENS);
    }
    if (authType.isEmpty() && !conf.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "--auth-conf needs --auth-type " + ApiServer.TOKENS);
    }
    if (authType.equals(ApiServer.TOKENS) && conf.getOrDefault("token", "").isBlank()) {
      throw new ParameterException(
          spec.commandLine(), "--auth-type tokens needs --auth-conf token=<JWT>");
    }
    return new ApiServer(address.strip(), caCertFile, skipVerify, extraHeaders, authType, conf);
  }

  private void verify(ControlPlaneEntry entry) {
    JsonNode index;
    try {
      index = ControlPlaneClient.connect(entry, context.apiTimeout()).index();
    } catch (ControlPlaneException e) {
      throw new CliException("could not add control plane \"" + name + "\": " + e.getMessage(), e);
    }
    if (!index.isObject() || !index.hasNonNull("version")) {
      throw new CliException(
          "could not add control plane \""
              + name
              + "\": "
              + address
              + " does not look like a control plane API: GET / answered without a version");
    }
  }
}
