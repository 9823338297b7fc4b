package io.portico.proxy.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.proxy.PorticoDp;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every bad input of {@code portico-dp run} ends the command before it connects, with a message
 * naming the problem and exit code 2. {@code {dir}} in arguments is the test's temporary folder,
 * which holds the files named in {@link #FILES}.
 */
class RunCommandBadInputTest {
  private static final String DATAPLANE =
      "type: Dataplane\nmesh: default\nname: gw-1\nnetworking:\n  address: 127.0.0.1\n";
  private static final Map<String, String> FILES =
      Map.ofEntries(
          Map.entry("dataplane.yaml", DATAPLANE),
          Map.entry(
              "malformed.yaml", "type: Dataplane\nmesh: default\nname: [gw-1\nnetworking: {}\n"),
          Map.entry("mesh.yaml", "type: Mesh\nname: default\n"),
          Map.entry("ingress.yaml", "type: ZoneIngress\nname: ingress-1\n"),
          Map.entry("untyped.yaml", "mesh: default\nname: gw-1\n"),
          Map.entry("templated.yaml", "type: Dataplane\nmesh: {{mesh}}\nname: {{name}}\n"),
          Map.entry("no-mesh.yaml", "type: Dataplane\nname: gw-1\n"),
          Map.entry("two.yaml", DATAPLANE + "---\n" + DATAPLANE),
          Map.entry("list.yaml", "- type: Dataplane\n"),
          Map.entry("empty.yaml", "# nothing here\n"),
          Map.entry("bad-template.yaml", "type: Dataplane\n{{#open}}\nname: x\n"),
          Map.entry("nested-name.yaml", "type: Dataplane\nmesh: default\nname:\n  first: gw\n"),
          Map.entry("empty-token", "  \n"),
          Map.entry("token", "a-token"),
          Map.entry("not-a-cert.pem", "hello\n"));

  @TempDir Path dir;

  record Result(int exitCode, String out, String err) {}

  private Result run(String... args) throws Exception {
    for (Map.Entry<String, String> file : FILES.entrySet()) {
      Files.writeString(dir.resolve(file.getKey()), file.getValue());
    }
    List<String> resolved = new ArrayList<>();
    for (String arg : args) {
      resolved.add(arg.replace("{dir}", dir.toString()));
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine =
        PorticoDp.commandLine(
            new Launch(
                Map.of(),
                new ByteArrayInputStream("".getBytes()),
                new CompletableFuture<Void>(),
                description -> {
                  throw new AssertionError("bad input must not start the runtime");
                }));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(resolved.toArray(String[]::new));
    return new Result(exitCode, out.toString(), err.toString().replace(dir.toString(), "{dir}"));
  }

  static Stream<Arguments> badInputs() {
    return Stream.of(
        Arguments.of(
            "missing dataplane file",
            List.of("--dataplane-file=x.yaml"),
            "Error: dataplane file \"x.yaml\" does not exist"),
        Arguments.of(
            "dataplane file is a directory",
            List.of("--dataplane-file={dir}"),
            "Error: dataplane file \"{dir}\" is a directory: expected a file"),
        Arguments.of(
            "malformed YAML",
            List.of("-d", "{dir}/malformed.yaml"),
            "Error: dataplane file \"{dir}/malformed.yaml\" is not valid YAML at line 4, column 11:"),
        Arguments.of(
            "not a proxy resource",
            List.of("-d", "{dir}/mesh.yaml"),
            "Error: dataplane file \"{dir}/mesh.yaml\": type \"Mesh\" is not a proxy resource:"
                + " expected Dataplane, ZoneIngress or ZoneEgress"),
        Arguments.of(
            "type does not match --proxy-type",
            List.of("-d", "{dir}/ingress.yaml"),
            "Error: dataplane file \"{dir}/ingress.yaml\": type \"ZoneIngress\" does not match"
                + " --proxy-type dataplane (expected type Dataplane)"),
        Arguments.of(
            "type does not match --proxy-type egress",
            List.of("-d", "{dir}/dataplane.yaml", "--proxy-type", "egress"),
            "Error: dataplane file \"{dir}/dataplane.yaml\": type \"Dataplane\" does not match"
                + " --proxy-type egress (expected type ZoneEgress)"),
        Arguments.of(
            "type missing",
            List.of("-d", "{dir}/untyped.yaml"),
            "Error: dataplane file \"{dir}/untyped.yaml\": type is missing: expected type Dataplane"),
        Arguments.of(
            "name missing after rendering",
            List.of("-d", "{dir}/templated.yaml", "-v", "mesh=default"),
            "Error: dataplane file \"{dir}/templated.yaml\": name is missing or empty after"
                + " rendering the template"),
        Arguments.of(
            "mesh missing after rendering",
            List.of("-d", "{dir}/templated.yaml", "-v", "name=gw-1"),
            "Error: dataplane file \"{dir}/templated.yaml\": mesh is missing or empty after"
                + " rendering the template"),
        Arguments.of(
            "mesh missing",
            List.of("-d", "{dir}/no-mesh.yaml"),
            "Error: dataplane file \"{dir}/no-mesh.yaml\": mesh is missing or empty"),
        Arguments.of(
            "name not a string",
            List.of("-d", "{dir}/nested-name.yaml"),
            "Error: dataplane file \"{dir}/nested-name.yaml\": name must be a string, got a YAML object"),
        Arguments.of(
            "two documents",
            List.of("-d", "{dir}/two.yaml"),
            "Error: dataplane file \"{dir}/two.yaml\" holds 2 YAML documents: expected exactly one"
                + " resource"),
        Arguments.of(
            "a list, not a resource",
            List.of("-d", "{dir}/list.yaml"),
            "Error: dataplane file \"{dir}/list.yaml\" is a YAML array: expected a resource"),
        Arguments.of(
            "empty template",
            List.of("-d", "{dir}/empty.yaml"),
            "Error: dataplane file \"{dir}/empty.yaml\" is empty: expected a Dataplane, ZoneIngress"
                + " or ZoneEgress resource"),
        Arguments.of(
            "broken template",
            List.of("-d", "{dir}/bad-template.yaml"),
            "Error: dataplane file \"{dir}/bad-template.yaml\" is not a valid template:"),
        Arguments.of(
            "malformed inline template",
            List.of("--dataplane", "type: Dataplane\nname: [x\n"),
            "Error: --dataplane is not valid YAML at line 3, column 1:"),
        Arguments.of(
            "both --name/--mesh and a file",
            List.of("-d", "{dir}/dataplane.yaml", "--name", "gw-1", "--mesh", "default"),
            "Error: --name and --mesh cannot be combined with a dataplane template"
                + " (--dataplane-file or --dataplane): the name and mesh come from the template"),
        Arguments.of(
            "--name with an inline template",
            List.of("--dataplane", DATAPLANE, "--name", "gw-1"),
            "Error: --name and --mesh cannot be combined with a dataplane template"),
        Arguments.of(
            "both a file and an inline template",
            List.of("-d", "{dir}/dataplane.yaml", "--dataplane", DATAPLANE),
            "Error: --dataplane-file and --dataplane both give a dataplane template: give only one"),
        Arguments.of(
            "no dataplane at all",
            List.of(),
            "Error: no dataplane given: pass --dataplane-file (or --dataplane) to register one, or"
                + " --name and --mesh to run as one created through the API"),
        Arguments.of(
            "--name without --mesh", List.of("--name", "gw-1"), "Error: no dataplane given"),
        Arguments.of(
            "variables without a template",
            List.of("--name", "gw-1", "--mesh", "default", "-v", "a=b"),
            "Error: --dataplane-var is given but there is no template to render"),
        Arguments.of(
            "variable without =",
            List.of("-d", "{dir}/templated.yaml", "-v", "mesh"),
            "Error: --dataplane-var \"mesh\": expected key=value, for example --dataplane-var"
                + " port=8080"),
        Arguments.of(
            "conflicting variables",
            List.of("-d", "{dir}/templated.yaml", "-v", "a=1", "-v", "a.b=2"),
            "Error: --dataplane-var \"a.b=2\": \"a\" is already set to a value, so it cannot hold a.b"),
        Arguments.of(
            "missing token file",
            List.of("--name=gw-1", "--mesh=default", "--dataplane-token-file={dir}/nope"),
            "Error: dataplane token file \"{dir}/nope\" does not exist"),
        Arguments.of(
            "empty token file",
            List.of("--name=gw-1", "--mesh=default", "--dataplane-token-file={dir}/empty-token"),
            "Error: dataplane token file \"{dir}/empty-token\" is empty: expected a dataplane token"),
        Arguments.of(
            "empty inline token",
            List.of("--name=gw-1", "--mesh=default", "--dataplane-token="),
            "Error: --dataplane-token is empty: expected a dataplane token"),
        Arguments.of(
            "missing CA file",
            List.of("--name=gw-1", "--mesh=default", "--ca-cert-file={dir}/ca.crt"),
            "Error: CA certificate file \"{dir}/ca.crt\" does not exist"),
        Arguments.of(
            "CA file without a certificate",
            List.of("--name=gw-1", "--mesh=default", "--ca-cert-file={dir}/not-a-cert.pem"),
            "Error: CA certificate file \"{dir}/not-a-cert.pem\" holds no PEM certificate"),
        Arguments.of(
            "plain HTTP control plane",
            List.of("--name=gw-1", "--mesh=default", "--cp-address=http://localhost:5681"),
            "Error: --cp-address \"http://localhost:5681\": the scheme must be https"),
        Arguments.of(
            "admin port",
            List.of("--name=gw-1", "--mesh=default", "--admin-port=9901"),
            "Error: --admin-port is not supported: the admin port comes from the Dataplane's"
                + " networking.admin.port (default 9901)"),
        Arguments.of(
            "unknown proxy type",
            List.of("--name=gw-1", "--mesh=default", "--proxy-type=sidecar"),
            "Invalid value for option '--proxy-type': \"sidecar\" is not a proxy type: expected one"
                + " of dataplane, ingress, egress"),
        Arguments.of(
            "bad drain time",
            List.of("--name=gw-1", "--mesh=default", "--drain-time=soon"),
            "Invalid value for option '--drain-time': invalid duration \"soon\": expected e.g. 5s, 1.5s, 1h30m"),
        Arguments.of(
            "bad log level",
            List.of("--name=gw-1", "--mesh=default", "--log-level=loud"),
            "Invalid value for option '--log-level': \"loud\" is not a log level: expected off,"
                + " error, warn, info, debug or trace"),
        Arguments.of(
            "bad proxy log level",
            List.of("--name=gw-1", "--mesh=default", "--envoy-log-level=chatty"),
            "Invalid value for option '--envoy-log-level': \"chatty\" is not a log level"),
        Arguments.of(
            "negative concurrency",
            List.of("--name=gw-1", "--mesh=default", "--concurrency=-1"),
            "--concurrency -1: expected 0 (one thread per core) to 1024 threads"),
        Arguments.of(
            "concurrency not a number",
            List.of("--name=gw-1", "--mesh=default", "--concurrency=two"),
            "Invalid value for option '--concurrency': 'two' is not an int"),
        Arguments.of(
            "unknown transport",
            List.of("--name=gw-1", "--mesh=default", "--transport=kqueue"),
            "\"kqueue\" is not a transport: expected epoll, io_uring or nio"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badInputExitsTwoWithAMessageNamingTheProblem(
      String description, List<String> args, String message) throws Exception {
    List<String> command = new ArrayList<>();
    command.add("run");
    command.addAll(args);
    Result result = run(command.toArray(String[]::new));
    assertThat(result.err()).contains(message);
    assertThat(result.exitCode()).isEqualTo(2);
  }

  @Test
  void unknownFlagIsAUsageError() throws Exception {
    Result result = run("run", "--binary-path=/usr/bin/envoy");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Unknown option: '--binary-path=/usr/bin/envoy'");
  }

  @Test
  void helpListsTheFlagsWithTheirEnvironmentVariables() throws Exception {
    Result result = run("run", "--help");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("--cp-address")
        .contains("PORTICO_CONTROL_PLANE_URL")
        .contains("--dataplane-token-file")
        .contains("PORTICO_DATAPLANE_RUNTIME_TOKEN_PATH")
        .doesNotContain("--admin-port");
  }
}
