package io.portico.cli.generate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.cli.client.ApiErrorException;
import io.portico.cli.context.CliContext;
import io.portico.cli.context.CliException;
import io.portico.format.GoDurations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code generate dataplane-token} (spec/core.md §5.8, §6.1): {@code POST /tokens/dataplane} with
 * {@code {name, mesh, tags, type, validFor}}, printing the token as the control plane returned it,
 * without a trailing newline (as kumactl), so that {@code > token-file} holds the token alone.
 */
@Command(
    name = "dataplane-token",
    description = "Generate a token a proxy presents to the control plane (portico-dp).")
final class GenerateDataplaneTokenCommand implements Callable<Integer> {
  static final List<String> PROXY_TYPES = List.of("dataplane", "ingress", "egress");

  private final CliContext context;

  @Spec CommandSpec spec;

  @Option(
      names = {"-m", "--mesh"},
      paramLabel = "MESH",
      defaultValue = "default",
      description = "mesh of the dataplane (default: ${DEFAULT-VALUE})")
  String mesh;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "the dataplane the token is for; any dataplane of the mesh when left out")
  String name;

  @Option(
      names = "--proxy-type",
      paramLabel = "TYPE",
      description = "dataplane, ingress or egress; unspecified when left out")
  String proxyType;

  @Option(
      names = "--tag",
      paramLabel = "KEY=V1[,V2]",
      description =
          "a tag the dataplane must have, with its allowed values (repeatable), e.g."
              + " --tag kuma.io/service=web,web-admin")
  List<String> tags;

  @Option(
      names = "--valid-for",
      paramLabel = "DURATION",
      description = "how long the token is valid, e.g. 24h (default: 10 years, 87600h)")
  String validFor;

  GenerateDataplaneTokenCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    if (name != null && !name.isBlank()) {
      body.put("name", name.trim());
    }
    body.put("mesh", mesh);
    Map<String, List<String>> parsedTags = parseTags();
    if (!parsedTags.isEmpty()) {
      ObjectNode tagsNode = body.putObject("tags");
      parsedTags.forEach(
          (k, v) -> {
            ArrayNode values = tagsNode.putArray(k);
            v.forEach(values::add);
          });
    }
    if (proxyType != null) {
      String type = proxyType.trim().toLowerCase(Locale.ROOT);
      if (!PROXY_TYPES.contains(type)) {
        throw new ParameterException(
            spec.commandLine(),
            "invalid --proxy-type \""
                + proxyType
                + "\": expected one of dataplane, ingress, egress");
      }
      body.put("type", type);
    }
    if (validFor != null) {
      try {
        if (GoDurations.parse(validFor.trim()).isNegative()
            || GoDurations.parse(validFor.trim()).isZero()) {
          throw new IllegalArgumentException("not positive");
        }
      } catch (IllegalArgumentException e) {
        throw new ParameterException(
            spec.commandLine(),
            "invalid --valid-for \"" + validFor + "\": expected a positive duration such as 24h");
      }
      body.put("validFor", validFor.trim());
    }
    String token;
    try {
      token = context.client().postForText("/tokens/dataplane", body);
    } catch (ApiErrorException e) {
      throw new CliException("could not generate a dataplane token: " + e.getMessage(), e);
    }
    context.out().print(token);
    context.out().flush();
    return 0;
  }

  private Map<String, List<String>> parseTags() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (tags == null) {
      return out;
    }
    for (String tag : tags) {
      int eq = tag.indexOf('=');
      if (eq <= 0 || eq == tag.length() - 1) {
        throw new ParameterException(
            spec.commandLine(),
            "invalid --tag \""
                + tag
                + "\": expected KEY=VALUE[,VALUE...] such as kuma.io/service=web");
      }
      List<String> values =
          List.of(tag.substring(eq + 1).split(",")).stream()
              .map(String::trim)
              .filter(v -> !v.isEmpty())
              .toList();
      out.computeIfAbsent(tag.substring(0, eq).trim(), k -> new java.util.ArrayList<>())
          .addAll(values);
    }
    return out;
  }
}
