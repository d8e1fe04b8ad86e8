package io.onewindow.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The core's rules, as STYLE.md states them: plain Java that knows no server, and a dispatcher that knows no
 * simulator; a change that breaks one fails the build.
 *
 * <pre>
 *  io.onewindow.core (hall model, dispatchers, events) ◀─ journal, metrics ◀─ sim
 * </pre>
 */
@AnalyzeClasses(packages = "io.onewindow.core", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noVertxNoNetty = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..")
            .because("queue-core is plain Java: Vert.x and Netty belong to the servers around it");

    @ArchTest
    static final ArchRule noServerCode = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("io.onewindow.display..", "io.onewindow.evaluator..",
                    "io.onewindow.bench..");

    @ArchTest
    static final ArchRule noLogging = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("org.slf4j..", "ch.qos.logback..", "java.util.logging..")
            .because("queue-core does no logging: errors are values the adapters log once where they handle them");

    @ArchTest
    static final ArchRule theDispatcherKnowsNoSimulator = noClasses()
            .that().resideInAnyPackage("io.onewindow.core", "io.onewindow.core.journal..",
                    "io.onewindow.core.metrics..")
            .should().dependOnClassesThat().resideInAPackage("io.onewindow.core.sim..")
            .because("the simulator drives the dispatcher from outside, as any client does");

    @ArchTest
    static final ArchRule theModelKnowsNoAdapterOfItself = noClasses()
            .that().resideInAPackage("io.onewindow.core")
            .should().dependOnClassesThat().resideInAnyPackage("io.onewindow.core.journal..",
                    "io.onewindow.core.metrics..", "io.onewindow.core.sim..");

    @ArchTest
    static final ArchRule noCycles = slices().matching("io.onewindow.core.(*)..").should().beFreeOfCycles();
}
