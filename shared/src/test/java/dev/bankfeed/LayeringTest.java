package dev.bankfeed;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import dev.bankfeed.model.Money;
import dev.bankfeed.testing.MainClasses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layer picture of docs/architecture.md, enforced on shared's main classes:
 * lambda -> job -> (provider, normalize, store) -> model/json, with no package cycles. {@code runtime} is the
 * composition root: the only package that sees {@code store.dynamo}, {@code queue} and the concrete HTTP client,
 * reached only by the handlers; the AWS SDK stays in the adapters that talk to AWS.
 */
class LayeringTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = MainClasses.of(Money.class);
    }

    @Test
    void packagesAreFreeOfCycles() {
        check(slices().matching("dev.bankfeed.(**)").should().beFreeOfCycles());
    }

    @Test
    void layersOnlyPointDown() {
        check(layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("lambda").definedBy("dev.bankfeed.lambda..")
                .layer("job").definedBy("dev.bankfeed.job..")
                .layer("provider").definedBy("dev.bankfeed.provider..")
                .layer("normalize").definedBy("dev.bankfeed.normalize..")
                .layer("store").definedBy("dev.bankfeed.store")
                .layer("store.dynamo").definedBy("dev.bankfeed.store.dynamo..")
                .layer("queue").definedBy("dev.bankfeed.queue..")
                .layer("config").definedBy("dev.bankfeed.config..")
                .layer("runtime").definedBy("dev.bankfeed.runtime..")
                .layer("model").definedBy("dev.bankfeed.model..")
                .layer("json").definedBy("dev.bankfeed.json..")
                .layer("util").definedBy("dev.bankfeed.util..")
                // The handlers are the entry points: they ask the composition root for their wired graph.
                .whereLayer("runtime").mayOnlyBeAccessedByLayers("lambda")
                .whereLayer("lambda").mayNotBeAccessedByAnyLayer()
                .whereLayer("job").mayOnlyBeAccessedByLayers("lambda", "queue", "runtime")
                .whereLayer("queue").mayOnlyBeAccessedByLayers("runtime")
                .whereLayer("store.dynamo").mayOnlyBeAccessedByLayers("runtime")
                .whereLayer("provider").mayOnlyBeAccessedByLayers("lambda", "job", "runtime")
                .whereLayer("store").mayOnlyBeAccessedByLayers("lambda", "job", "store.dynamo", "runtime")
                .whereLayer("normalize").mayOnlyBeAccessedByLayers("lambda", "job", "provider", "store.dynamo", "runtime")
                .whereLayer("model").mayNotAccessAnyLayer()
                .whereLayer("json").mayNotAccessAnyLayer()
                .whereLayer("util").mayNotAccessAnyLayer());
    }

    @Test
    void awsSdkOnlyInTheAdaptersThatTalkToAws() {
        check(noClasses().that().resideOutsideOfPackages(
                        "dev.bankfeed.store.dynamo..", "dev.bankfeed.config..", "dev.bankfeed.queue..",
                        "dev.bankfeed.runtime..", "dev.bankfeed.tracing..")
                .should().dependOnClassesThat().resideInAPackage("software.amazon.awssdk.."));
    }

    @Test
    void httpClientOnlyInProvidersAndTheCompositionRoot() {
        check(noClasses().that().resideOutsideOfPackages("dev.bankfeed.provider..", "dev.bankfeed.runtime..")
                .should().dependOnClassesThat().resideInAPackage("java.net.http.."));
    }

    private static void check(ArchRule rule) {
        rule.check(classes);
    }
}
