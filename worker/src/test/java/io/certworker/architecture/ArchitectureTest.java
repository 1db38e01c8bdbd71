package io.certworker.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.certworker.issuance.Issuer;
import io.certworker.issuance.JournaledIssuer;
import org.junit.jupiter.api.Test;

/**
 * The issuing domain knows nothing of Kafka, HTTP or BouncyCastle; adapters at the edge translate; configuration knows
 * nothing of the parts it configures; every issuer mints through the journal-before-mint protocol.
 */
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
                        "io.certworker.pipeline..", "io.certworker.issuance.ca..", "io.certworker.issuance.atlas..",
                        "io.certworker.cli..", "io.certworker.runtime..", "io.certworker.kafka..",
                        "io.certworker.config..", "io.certworker.ledger..", "io.certworker.requeststate..",
                        "io.certworker.metrics..", "io.certworker.topics..")
                .check(CLASSES);
    }

    @Test
    void theLedgerAndTheRequestStateAreAdaptersThatKnowNothingOfThePipelineOrTheWiring() {
        noClasses().that().resideInAnyPackage("io.certworker.ledger..", "io.certworker.requeststate..",
                        "io.certworker.directory..", "io.certworker.kafka..", "io.certworker.topics..")
                .should().dependOnClassesThat().resideInAnyPackage("io.certworker.pipeline..",
                        "io.certworker.runtime..", "io.certworker.cli..", "io.certworker.metrics..")
                .check(CLASSES);
    }

    @Test
    void configurationKnowsNothingOfThePipelineOrTheWiring() {
        noClasses().that().resideInAPackage("io.certworker.config..")
                .should().dependOnClassesThat().resideInAnyPackage("io.certworker.pipeline..",
                        "io.certworker.requeststate..", "io.certworker.runtime..", "io.certworker.cli..",
                        "io.certworker.issuance.atlas..", "io.certworker.metrics..")
                .check(CLASSES);
    }

    @Test
    void thePipelineShowsOnlyItsLoopItsObserverAndTheRevocationsRoute() {
        classes().that().resideInAPackage("io.certworker.pipeline").and().arePublic()
                .should().haveNameMatching("io\\.certworker\\.pipeline\\."
                        + "(WorkerLoop|PipelineObserver|RevocationRecordProcessor)(\\$.*)?")
                .check(CLASSES);
    }

    @Test
    void everyIssuerMintsThroughTheJournal() {
        classes().that().implement(Issuer.class).should().be(JournaledIssuer.class).check(CLASSES);
    }

    @Test
    void onlyTheCommandLineUsesPicocli() {
        noClasses().that().resideOutsideOfPackage("io.certworker.cli..")
                .should().dependOnClassesThat().resideInAPackage("picocli..")
                .check(CLASSES);
    }
}
