package io.certworker.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The issuing domain knows nothing of Kafka, HTTP or BouncyCastle; adapters at the edge translate. */
class ArchitectureTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.certworker");

    static final String[] DOMAIN = {
            "io.certworker.handling..", "io.certworker.validation..", "io.certworker.apierror..",
            "io.certworker.issuance", "io.certworker.revocation.."};

    @Test
    void theDomainIsFreeOfKafkaHttpAndBouncyCastle() {
        noClasses().that().resideInAnyPackage(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.apache.kafka..", "org.bouncycastle..", "java.net.http..", "org.apache.hc..",
                        "com.fasterxml.jackson.databind..", "picocli..")
                .check(CLASSES);
    }

    @Test
    void theDomainDoesNotReachIntoAdapters() {
        noClasses().that().resideInAnyPackage(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.certworker.pipeline..", "io.certworker.issuance.ca..", "io.certworker.cli..",
                        "io.certworker.runtime..", "io.certworker.kafka..", "io.certworker.config..")
                .check(CLASSES);
    }

    @Test
    void onlyTheCommandLineUsesPicocli() {
        noClasses().that().resideOutsideOfPackage("io.certworker.cli..")
                .should().dependOnClassesThat().resideInAPackage("picocli..")
                .check(CLASSES);
    }
}
