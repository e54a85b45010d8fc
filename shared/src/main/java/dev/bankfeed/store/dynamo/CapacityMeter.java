package dev.bankfeed.store.dynamo;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;

/**
 * Cumulative read and write capacity units DynamoDB reported for the stores' calls (ReturnConsumedCapacity
 * TOTAL, indexes included). Thread-safe; shared by every store of one {@link DynamoStores}. A write refused
 * by its condition still costs at least 1 WCU, but DynamoDB reports no capacity with the refusal: those are
 * counted apart in {@link #conditionalFailures()}.
 */
public final class CapacityMeter {

    /** A reading of the meter. */
    public record Reading(double readUnits, double writeUnits) {

        /** What was consumed between {@code earlier} and this reading. */
        public Reading minus(Reading earlier) {
            return new Reading(readUnits - earlier.readUnits, writeUnits - earlier.writeUnits);
        }
    }

    private final DoubleAdder read = new DoubleAdder();
    private final DoubleAdder write = new DoubleAdder();
    private final LongAdder conditionalFailures = new LongAdder();

    public double readUnits() {
        return read.sum();
    }

    public double writeUnits() {
        return write.sum();
    }

    /** Conditional writes refused (each cost at least 1 WCU that DynamoDB did not report). */
    public long conditionalFailures() {
        return conditionalFailures.sum();
    }

    public Reading reading() {
        return new Reading(readUnits(), writeUnits());
    }

    void recordConditionalFailure() {
        conditionalFailures.increment();
    }

    void recordRead(ConsumedCapacity c) {
        record(c, read);
    }

    void recordWrite(ConsumedCapacity c) {
        record(c, write);
    }

    private void record(ConsumedCapacity c, DoubleAdder byOperation) {
        if (c == null) {
            return;
        }
        // Provisioned tables split read and write units (a transaction's condition check reads);
        // on-demand tables report only the total, which belongs to the operation's kind.
        if (c.readCapacityUnits() != null || c.writeCapacityUnits() != null) {
            read.add(c.readCapacityUnits() == null ? 0 : c.readCapacityUnits());
            write.add(c.writeCapacityUnits() == null ? 0 : c.writeCapacityUnits());
        } else if (c.capacityUnits() != null) {
            byOperation.add(c.capacityUnits());
        }
    }
}
