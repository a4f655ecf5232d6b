package io.triple.inprocess;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * This module's place in the package graph (triple-tests' ArchitectureTest checks the rest): a
 * transport on core's API alone, like triple-netty but without Netty, so it never brings
 * another module to its users.
 */
class LayeringTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.triple.inprocess");

  @Test
  void dependsOnCoreOnly() {
    classes().should().onlyDependOnClassesThat().resideInAnyPackage(
        "io.triple.inprocess..", "io.triple", "io.triple.internal..", "io.triple.spi..", "io.triple.stub..",
        "java..", "org.slf4j..").check(CLASSES);
  }
}
