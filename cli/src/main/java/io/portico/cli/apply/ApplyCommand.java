package io.portico.cli.apply;

import io.portico.cli.client.ApiErrorException;
import io.portico.cli.client.ControlPlaneClient;
import io.portico.cli.client.ControlPlaneClient.WriteOutcome;
import io.portico.cli.client.ControlPlaneException;
import io.portico.cli.client.ResourcePaths;
import io.portico.cli.context.CliContext;
import io.portico.cli.context.CliException;
import io.portico.cli.output.Documents;
import io.portico.mesh.api.Resource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code apply -f FILE|- [-v key=value ...] [--dry-run] [--verbose]}.
 *
 * <ol>
 *   <li>Every document is rendered (with {@code -v}), parsed and checked; if any is not valid, each
 *       invalid one is reported and nothing is applied.
 *   <li>Documents are PUT one by one, in order (create or update). At the first failure the command
 *       stops, names the document and its line, lists the control plane's causes one per line, and
 *       says how many documents were applied before it.
 * </ol>
 *
 * Success prints nothing, as kumactl; {@code --verbose} prints one line per resource to stderr.
 * {@code --dry-run} prints each rendered document in Universal YAML form, separated by {@code ---},
 * and contacts no control plane.
 */
@Command(name = "apply", description = "Create or modify resources.")
public final class ApplyCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Option(
      names = {"-f", "--file"},
      required = true,
      paramLabel = "FILE",
      description = "path to the file to apply; - reads stdin")
  String file;

  @Option(
      names = {"-v", "--var"},
      paramLabel = "KEY=VALUE",
      description = "variable to replace in the documents (Mustache, e.g. {{port}}); repeatable")
  List<String> vars = new ArrayList<>();

  @Option(names = "--dry-run", description = "render and print the resources without applying them")
  boolean dryRun;

  @Option(names = "--verbose", description = "print each applied resource to stderr")
  boolean verbose;

  public ApplyCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Map<String, Object> variables = null;
    if (!vars.isEmpty()) {
      try {
        variables = io.portico.format.TemplateVariables.parse("-v", vars);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    String source = file.equals("-") ? "stdin" : file;
    String text = readInput();
    List<InputDocument> documents = InputDocuments.read(text, variables, context.codec());
    if (documents.isEmpty()) {
      throw new CliException("no resource(s) passed to apply: " + source + " holds no document");
    }
    List<InputDocument> invalid = documents.stream().filter(d -> !d.isValid()).toList();
    if (!invalid.isEmpty()) {
      throw new CliException(describeInvalid(invalid, documents.size()));
    }
    if (dryRun) {
      StringBuilder out = new StringBuilder();
      for (InputDocument document : documents) {
        if (out.length() > 0) {
          out.append("---\n");
        }
        out.append(Documents.yaml(document.universal()));
      }
      context.out().print(out);
      context.out().flush();
      return 0;
    }
    ControlPlaneClient client = context.client();
    for (int i = 0; i < documents.size(); i++) {
      InputDocument document = documents.get(i);
      Resource<?> resource = document.resource();
      WriteOutcome outcome;
      try {
        outcome =
            client.put(
                ResourcePaths.item(resource.type(), resource.mesh(), resource.name()),
                document.universal());
      } catch (ControlPlaneException e) {
        throw new CliException(describeFailure(document, e, i, documents.size()), e);
      }
      if (verbose) {
        context.err().println(document.what() + " " + outcome.name().toLowerCase(Locale.ROOT));
        context.err().flush();
      }
    }
    return 0;
  }

  private String readInput() {
    try {
      if (file.equals("-")) {
        return new String(context.environment().stdin().readAllBytes(), StandardCharsets.UTF_8);
      }
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new CliException("could not read -f " + file + ": no such file", e);
    } catch (IOException e) {
      throw new CliException("could not read -f " + file + ": " + e.getMessage(), e);
    }
  }

  private static String describeInvalid(List<InputDocument> invalid, int total) {
    String each =
        invalid.stream()
            .map(
                d ->
                    d.where()
                        + " is not a valid resource:"
                        + d.violations().stream()
                            .map(v -> "\n  " + v)
                            .collect(Collectors.joining()))
            .collect(Collectors.joining("\n"));
    return each + "\nnothing was applied (" + total + (total == 1 ? " document)" : " documents)");
  }

  private static String describeFailure(
      InputDocument document, ControlPlaneException e, int index, int total) {
    StringBuilder out = new StringBuilder(document.where()).append(": ");
    if (e instanceof ApiErrorException) {
      out.append("the control plane rejected ").append(document.what()).append(": ");
    } else {
      out.append("could not apply ").append(document.what()).append(": ");
    }
    out.append(e.getMessage());
    if (total > 1) {
      int after = total - index - 1;
      out.append("\napplied ")
          .append(index)
          .append(" of ")
          .append(total)
          .append(" documents; stopped at document ")
          .append(document.number());
      if (after > 0) {
        out.append(", so the ")
            .append(after)
            .append(after == 1 ? " document after it was" : " documents after it were")
            .append(" not applied");
      }
    }
    return out.toString();
  }
}
