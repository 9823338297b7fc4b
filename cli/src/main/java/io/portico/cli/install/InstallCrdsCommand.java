package io.portico.cli.install;

import io.portico.cli.context.CliContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code install crds} (spec/kubernetes.md §8): prints the CustomResourceDefinitions of {@link
 * CustomResourceDefinitions}, sorted by plural. kumactl's {@code --only-missing} needs a connection
 * to the cluster, which porticoctl never makes; the flag is refused with the {@code kubectl create}
 * line that has the same effect.
 */
@Command(
    name = "crds",
    description = {
      "Print the CustomResourceDefinitions of Portico.",
      "Group kuma.io, as Kuma's, for:",
      "  porticoctl install crds | kubectl apply -f -"
    },
    footer = {
      "",
      "porticoctl does not connect to the cluster, so kumactl's --only-missing is not supported."
          + " To create only the CRDs that do not exist yet, leaving the others as they are, run",
      "  porticoctl install crds | kubectl create -f -",
      "which reports each existing CRD as AlreadyExists and creates the rest."
    })
final class InstallCrdsCommand implements Callable<Integer> {
  static final String ONLY_MISSING_HINT =
      "--only-missing needs a connection to the cluster, which porticoctl does not make; run"
          + " 'porticoctl install crds | kubectl create -f -' instead: it creates the missing CRDs"
          + " and reports the existing ones as AlreadyExists";

  private final CliContext context;

  @Spec CommandSpec spec;

  @Option(names = "--only-missing", hidden = true)
  boolean onlyMissing;

  InstallCrdsCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (onlyMissing) {
      throw new ParameterException(spec.commandLine(), ONLY_MISSING_HINT);
    }
    context.out().print(Manifests.yaml(CustomResourceDefinitions.all()));
    context.out().flush();
    return 0;
  }
}
