package dev.bankfeed.local;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import dev.bankfeed.testing.MainClasses;
import org.junit.jupiter.api.Test;

/**
 * The local runner is an entry point like the functions: it wires the stores through {@code DynamoStores} and,
 * for the demo's cost lines, reads {@code CapacityMeter} and registers {@code AwsBilledCapacity}. It goes no
 * further into {@code store.dynamo}: it creates its table from template.yaml (so the deployed definition is the
 * one it tests), not from {@code BankfeedTable}, and it catches the store's own {@code StoreUnavailableException},
 * not {@code DynamoStoreException}, so what it does holds for any store implementation.
 */
class LocalLayeringTest {

    @Test
    void runnerUsesOnlyTheStoresPublicWiringOfStoreDynamo() {
        noClasses().that().resideInAPackage("dev.bankfeed.local..")
                .should().dependOnClassesThat(resideInAPackage("dev.bankfeed.store.dynamo..")
                        .and(nameMatching("dev\\.bankfeed\\.store\\.dynamo\\."
                                + "(DynamoStores|CapacityMeter|AwsBilledCapacity)(\\$.*)?").negate()))
                .check(MainClasses.of(Main.class));
    }
}
