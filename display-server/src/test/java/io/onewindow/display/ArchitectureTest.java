package io.onewindow.display;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The hall server's rooms, as STYLE.md draws them; a change that breaks one fails the build.
 *
 * <pre>
 *  launcher (io.onewindow.display) ─▶ http / ws / pages ─▶ hall / access ─▶ store ─▶ queue-core
 *                                     json: the API's shapes, for the launcher and the front doors
 * </pre>
 * Arrows point down, and may skip a room; never up, never in a circle.
 */
@AnalyzeClasses(packages = "io.onewindow", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String LAUNCHER = "io.onewindow.display";

    @ArchTest
    static final ArchRule nothingImportsTheLauncher = noClasses()
            .that().resideOutsideOfPackage(LAUNCHER)
            .should().dependOnClassesThat().resideInAPackage(LAUNCHER)
            .because("the root package is the launcher only: start-up wiring that nothing below may reach back into");

    @ArchTest
    static final ArchRule noTwoPackagesImportEachOther = slices()
            .matching("io.onewindow.display.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule arrowsPointDown = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("launcher").definedBy(LAUNCHER)
            .layer("front doors").definedBy("io.onewindow.display.http..", "io.onewindow.display.ws..",
                    "io.onewindow.display.pages..")
            .layer("halls").definedBy("io.onewindow.display.hall..", "io.onewindow.display.access..")
            .layer("store").definedBy("io.onewindow.display.store..")
            .layer("json").definedBy("io.onewindow.display.json..")
            .layer("core").definedBy("io.onewindow.core..")
            .whereLayer("launcher").mayNotBeAccessedByAnyLayer()
            .whereLayer("front doors").mayOnlyBeAccessedByLayers("launcher")
            .whereLayer("halls").mayOnlyBeAccessedByLayers("launcher", "front doors")
            .whereLayer("store").mayOnlyBeAccessedByLayers("launcher", "front doors", "halls")
            .whereLayer("json").mayOnlyBeAccessedByLayers("launcher", "front doors")
            .whereLayer("core").mayOnlyBeAccessedByLayers("launcher", "front doors", "halls", "store", "json");

    @ArchTest
    static final ArchRule theHallKnowsNoFrontDoor = noClasses()
            .that().resideInAnyPackage("io.onewindow.display.hall..", "io.onewindow.display.access..",
                    "io.onewindow.display.store..")
            .should().dependOnClassesThat().resideInAnyPackage("io.vertx.ext.web..", "io.netty..")
            .because("routes, handlers and channels are the front doors'; a hall answers with values and codes");
}
