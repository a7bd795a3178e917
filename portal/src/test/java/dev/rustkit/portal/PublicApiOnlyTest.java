package dev.rustkit.portal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The portal is the reference for embedding the engine: it may use only the engine's public API, never
 * {@code dev.rustkit.scaffolder.internal} or {@code dev.rustkit.scaffolder.cli}. (The API's own
 * {@code Scaffolder.generate} throws {@code archetype.InvalidPropertiesException} with its {@code Problem}s, so those
 * two are used as the API documents them.)
 */
class PublicApiOnlyTest {

    @Test
    void portalUsesOnlyTheEnginesPublicPackage() {
        JavaClasses portal = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.rustkit.portal");
        noClasses().that().resideInAPackage("dev.rustkit.portal..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("dev.rustkit.scaffolder.internal..", "dev.rustkit.scaffolder.cli..")
                .check(portal);
    }
}
