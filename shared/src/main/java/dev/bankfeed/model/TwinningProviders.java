package dev.bankfeed.model;

/**
 * Which providers the {@link TwinRule} applies to: those that book a pending record under a new id. Given to the
 * transaction store by whoever wires it (the providers' modules know), so the store needs no provider code.
 */
@FunctionalInterface
public interface TwinningProviders {

    /** Whether {@code provider} books a PENDING record under a new id (pending and booked are separate resources). */
    boolean booksPendingUnderNewId(Provider provider);
}
