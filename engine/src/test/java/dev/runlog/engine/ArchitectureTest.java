package dev.runlog.engine;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.runlog.engine.admission.AdmissionMessage;
import dev.runlog.engine.timer.Timer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine's shape, checked on its compiled classes: packages by concept without cycles, the
 * composition root ({@code dev.runlog.engine}: RunlogEngine, EngineConfig) used by nothing inside,
 * and the run state machine pure — no Kafka, HTTP, metrics or logging — so it is tested with plain
 * unit tests and the processors in {@code topology} only load, call it and write.
 */
class ArchitectureTest {
  private static JavaClasses engine;

  @BeforeAll
  static void importEngine() {
    engine =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.runlog.engine");
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching("dev.runlog.engine.(*)..").should().beFreeOfCycles().check(engine);
  }

  @Test
  void nothingInsideDependsOnTheCompositionRoot() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.runlog.engine")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.runlog.engine")
        .check(engine);
  }

  @Test
  void theRunStateMachineIsPure() {
    classes()
        .that()
        .resideInAPackage("dev.runlog.engine.run..")
        .should()
        .onlyDependOnClassesThat(
            resideInAnyPackage("dev.runlog.engine.run..", "dev.runlog.protocol..", "java..")
                // the two messages the machine decides to send, both plain records
                .or(
                    describe(
                        "Timer or AdmissionMessage (and their nested types)",
                        (JavaClass c) ->
                            c.getName().startsWith(Timer.class.getName())
                                || c.getName().startsWith(AdmissionMessage.class.getName())))
                .or(resideInAnyPackage("com.fasterxml.jackson.annotation..")))
        .check(engine);
  }

  @Test
  void theMachinesMessagesArePureToo() {
    noClasses()
        .that()
        .belongToAnyOf(Timer.class, AdmissionMessage.class)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.kafka..", "io.javalin..", "io.micrometer..", "org.slf4j..")
        .check(engine);
  }
}
