package io.github.d2l4j.runner;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module layout, checked with ArchUnit on the compiled classes of every module (this
 * module's class path holds them all): d2l-common is a library underneath the chapters, the
 * chapters stand side by side, and the runner sits on top.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar")) // d2l-common's test-jar
                .importPackages("io.github.d2l4j");
        // the rules below would pass vacuously on an empty import
        assertThat(classes.containPackage("io.github.d2l4j.common.data")).isTrue();
        assertThat(classes.containPackage("io.github.d2l4j.ch04")).isTrue();
        assertThat(classes.containPackage("io.github.d2l4j.common.testing")).isFalse();
    }

    @Test
    void commonHasNoPackageCycles() {
        slices().matching("io.github.d2l4j.common.(*)..")
                .should()
                .beFreeOfCycles()
                .check(classes);
    }

    @Test
    void commonDependsOnNoChapterAndNotOnTheRunner() {
        noClasses()
                .that()
                .resideInAPackage("io.github.d2l4j.common..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.github.d2l4j.ch*..", "io.github.d2l4j.runner..")
                .check(classes);
    }

    @Test
    void noChapterDependsOnAnother() {
        slices().matching("io.github.d2l4j.(ch*)..")
                .should()
                .notDependOnEachOther()
                .check(classes);
    }

    @Test
    void chaptersDoNotDependOnTheRunner() {
        noClasses()
                .that()
                .resideInAPackage("io.github.d2l4j.ch*..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.github.d2l4j.runner..")
                .check(classes);
    }
}
