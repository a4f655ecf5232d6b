package io.triple.opentelemetry;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * This module's place in the package graph (triple-tests' ArchitectureTest checks the rest):
 * interceptors over core's API, no transport; only {@code io.triple.opentelemetry.bootstrap}, the
 * {@code dubbo.yaml} wiring, knows the bootstrap and its configuration.
 */
class LayeringTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.triple.opentelemetry");

  @Test
  void buildsOnCoreWithoutTheTransport() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("io.triple.netty..", "io.triple.server..",
        "io.triple.client..", "io.triple.cluster..", "io.triple.registry..", "io.netty..").check(CLASSES);
  }

  @Test
  void onlyTheWiringKnowsTheBootstrap() {
    noClasses().that().resideInAPackage("io.triple.opentelemetry")
        .should().dependOnClassesThat().resideInAnyPackage("io.triple.bootstrap..", "io.triple.config..")
        .check(CLASSES);
  }
}
