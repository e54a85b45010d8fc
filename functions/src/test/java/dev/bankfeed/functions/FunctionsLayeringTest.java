package dev.bankfeed.functions;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import dev.bankfeed.job.JobKind;
import dev.bankfeed.runtime.Bankfeed;
import dev.bankfeed.runtime.BankfeedEnvironment;
import dev.bankfeed.testing.MainClasses;
import org.junit.jupiter.api.Test;

/**
 * The handlers are thin adapters (docs/architecture.md): Lambda's entry point, the function's job kind, the
 * handler logic of {@code lambda} and the container's wiring from {@code runtime}, nothing else of ours. Logic that
 * lands here is out of reach of shared's tests and of the read API, which runs from shared alone.
 */
class FunctionsLayeringTest {

    @Test
    void handlersReachOnlyLambdaTheWiringAndTheirJobKind() {
        classes().that().resideInAPackage("dev.bankfeed.functions..")
                .should().onlyDependOnClassesThat(resideInAnyPackage("dev.bankfeed.functions..",
                        "dev.bankfeed.lambda..", "com.amazonaws.services.lambda.runtime..", "java..")
                        .or(equivalentTo(JobKind.class))
                        .or(equivalentTo(Bankfeed.class))
                        .or(equivalentTo(BankfeedEnvironment.class)))
                .check(MainClasses.of(FunctionHandler.class));
    }
}
