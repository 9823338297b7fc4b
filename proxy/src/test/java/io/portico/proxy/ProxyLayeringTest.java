package io.portico.proxy;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The proxy's own layering, in data-flow order: transport and TLS at the bottom, then config (the
 * compiled values), then bind (the config in force and what it is bound to), then upstream, then
 * the HTTP and TCP pipelines, then listeners and admin, then the runtime on top.
 */
class ProxyLayeringTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.portico.proxy");
  }

  @Test
  void proxyPackagesHaveNoCycles() {
    slices().matching("io.portico.proxy.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void requestPathNeverReachesTheRuntimeOrListeners() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.portico.proxy.http..", "io.portico.proxy.tcp..", "io.portico.proxy.upstream..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.portico.proxy.runtime..", "io.portico.proxy.listener..")
        .check(classes);
  }

  @Test
  void tlsKnowsNothingOfTheConfigModelOrThePipelines() {
    noClasses()
        .that()
        .resideInAnyPackage("io.portico.proxy.tls..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.portico.proxy.config..",
            "io.portico.proxy.bind..",
            "io.portico.proxy.http..",
            "io.portico.proxy.tcp..",
            "io.portico.proxy.upstream..",
            "io.portico.proxy.listener..",
            "io.portico.proxy.runtime..")
        .check(classes);
  }

  @Test
  void compiledConfigKnowsNothingOfItsBindingOrThePipelines() {
    noClasses()
        .that()
        .resideInAnyPackage("io.portico.proxy.config..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.portico.proxy.bind..",
            "io.portico.proxy.upstream..",
            "io.portico.proxy.http..",
            "io.portico.proxy.tcp..",
            "io.portico.proxy.listener..",
            "io.portico.proxy.admin..",
            "io.portico.proxy.runtime..")
        .check(classes);
  }

  @Test
  void compiledConfigHoldsNoAddressesNorAtomics() {
    // Compiling is a pure function to plain values (docs/adr/0016-compile-bind-swap.md): resolved
    // addresses, the host's interfaces and mutable holders are the bind package's.
    noClasses()
        .that()
        .resideInAnyPackage("io.portico.proxy.config..")
        .should()
        .dependOnClassesThat(
            assignableTo(InetAddress.class)
                .or(assignableTo(InetSocketAddress.class))
                .or(assignableTo(NetworkInterface.class))
                .or(resideInAPackage("java.util.concurrent..")))
        .check(classes);
  }

  @Test
  void compiledConfigHoldsNoBucketsNorPickers() {
    // Token buckets and round-robins are state the bind step hands out (docs/adr/0016): the
    // compiled config holds their values and slots.
    noClasses()
        .that()
        .resideInAnyPackage("io.portico.proxy.config..")
        .should()
        .dependOnClassesThat(
            nameMatching("io\\.portico\\.proxy\\.ratelimit\\.TokenBucket.*")
                .or(nameMatching("io\\.portico\\.proxy\\.routing\\.WeightedPicker.*")))
        .check(classes);
  }

  @Test
  void bindingSitsBelowThePipelines() {
    noClasses()
        .that()
        .resideInAnyPackage("io.portico.proxy.bind..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.portico.proxy.upstream..",
            "io.portico.proxy.http..",
            "io.portico.proxy.tcp..",
            "io.portico.proxy.listener..",
            "io.portico.proxy.admin..",
            "io.portico.proxy.runtime..")
        .check(classes);
  }

  @Test
  void dataPlaneSslContextsComeFromTheTlsEngine() {
    // The control-plane stream (package stream) has its own gRPC TLS client.
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.portico.proxy.config..",
            "io.portico.proxy.bind..",
            "io.portico.proxy.http..",
            "io.portico.proxy.tcp..",
            "io.portico.proxy.upstream..",
            "io.portico.proxy.listener..",
            "io.portico.proxy.admin..",
            "io.portico.proxy.runtime..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("io.netty.handler.ssl.SslContextBuilder")
        .check(classes);
  }

  @Test
  void configKnowsNoNetty() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.portico.proxy.config..", "io.portico.proxy.bind..", "io.portico.proxy.routing..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.netty..")
        .check(classes);
  }
}
