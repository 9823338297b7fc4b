package io.portico.it.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering rules of DESIGN.md ("Modules"), checked on the production classes of every module on
 * this module's classpath. A rule about a module that does not exist yet passes vacuously.
 */
class LayeringTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.portico");
  }

  @Test
  void meshApiDependsOnNothingOfOursButTheFormats() {
    check(
        classes()
            .that()
            .resideInAPackage("io.portico.mesh.api..")
            .should()
            .onlyDependOnClassesThat(
                com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage(
                        "io.portico..")
                    .or(
                        com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage(
                            "io.portico.mesh.api..", "io.portico.format.."))));
  }

  @Test
  void formatsDependOnNothingOfOurs() {
    check(
        noClasses()
            .that()
            .resideInAPackage("io.portico.format..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "io.portico.mesh..",
                "io.portico.cp..",
                "io.portico.cli..",
                "io.portico.proxy..",
                "io.portico.it.."));
  }

  @Test
  void meshApiDependsOnNoOtherPorticoModule() {
    check(
        noClasses()
            .that()
            .resideInAPackage("io.portico.mesh.api..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "io.portico.cp..", "io.portico.cli..", "io.portico.proxy..", "io.portico.it.."));
  }

  @Test
  void storeDependsOnlyOnTheMeshApi() {
    check(
        noClasses()
            .that()
            .resideInAPackage("io.portico.cp.store..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "io.portico.cp.api..",
                "io.portico.cp.compiler..",
                "io.portico.cli..",
                "io.portico.proxy.."));
  }

  @Test
  void cliTalksToTheApiOnlyAndNeverToStoresOrTheControlPlane() {
    check(
        noClasses()
            .that()
            .resideInAPackage("io.portico.cli..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.portico.cp..", "io.portico.proxy.."));
  }

  @Test
  void proxyNeverSeesMeshResourcesStoresCompilerOrControlPlane() {
    check(
        noClasses()
            .that()
            .resideInAPackage("io.portico.proxy..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.portico.mesh.api..", "io.portico.cp..", "io.portico.cli.."));
  }

  @Test
  void routingIsPureJava() {
    check(
        noClasses()
            .that()
            .resideInAPackage("io.portico.proxy.routing..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.netty..", "io.grpc..", "com.google.protobuf.."));
  }

  @Test
  void compilerDoesNoIoAndStartsNoThreads() {
    check(
        noClasses()
            .that()
            .resideInAPackage("io.portico.cp.compiler..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "java.io..",
                "java.net..",
                "java.nio.file..",
                "java.nio.channels..",
                "java.util.concurrent..",
                "java.sql..",
                "io.portico.cp.store..")
            .orShould()
            .dependOnClassesThat()
            .areAssignableTo(Thread.class)
            .orShould()
            .callMethod(System.class, "currentTimeMillis")
            .orShould()
            .callMethod(java.time.Instant.class, "now"));
  }

  @Test
  void noPackageCycles() {
    check(slices().matching("io.portico.(**)").should().beFreeOfCycles());
  }

  @Test
  void noGrabBagPackagesOrClasses() {
    check(
        noClasses()
            .should()
            .resideInAnyPackage("..util..", "..utils..", "..helper..", "..helpers..", "..common..")
            .orShould()
            .haveSimpleNameEndingWith("Util")
            .orShould()
            .haveSimpleNameEndingWith("Utils")
            .orShould()
            .haveSimpleNameEndingWith("Helper")
            .orShould()
            .haveSimpleNameEndingWith("Helpers"));
  }

  private static void check(ArchRule rule) {
    rule.allowEmptyShould(true).check(classes);
  }
}
