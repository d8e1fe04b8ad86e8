package io.onewindow.evaluator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The evaluator gateway stands beside the hall server, not on it: it reads the halls' journals through
 * queue-core's port and never imports the hall server's code; a change that does fails the build.
 */
@AnalyzeClasses(packages = "io.onewindow", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule theEvaluatorKnowsNoHallServer = noClasses()
            .that().resideInAPackage("io.onewindow.evaluator..")
            .should().dependOnClassesThat().resideInAPackage("io.onewindow.display..")
            .because("the evaluator gateway and the hall server share only queue-core");
}
