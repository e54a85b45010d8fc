package dev.bankfeed.store.dynamo;

import dev.bankfeed.model.BalanceType;
import java.time.Instant;

/** The key formats of every item kind (see DATA_MODEL.md); the one place they are spelled. */
final class Keys {

    static final String PROFILE = "PROFILE";
    static final String CURSOR = "CURSOR";
    static final String TXN_PREFIX = "TXN#";
    static final String STATUS_PREFIX = "STATUS#";
    static final String REJECTION_PREFIX = "REJ#";
    static final String EVENT_SK = "EVENT";
    static final String RUN_SK = "RUN";
    static final String THROTTLE = "THROTTLE";
    static final String LATEST_BALANCE_PREFIX = "BALLATEST#";
    /** gsi1sk prefixes under one connection: account profiles, then statuses. */
    static final String GSI_ACCOUNT_PREFIX = "ACCT#";
    static final String GSI_STATUS_PREFIX = "STATUS#";
    /** The sort key of a connection's own status in the connection partition. */
    static final String CONNECTION_STATUS = "STATUS";
    /**
     * Its gsi1sk: under {@link #GSI_STATUS_PREFIX} like the account statuses, with an empty account part, so it
     * sorts before them and no account id (always {@code provider:id}) can equal it.
     */
    static final String CONNECTION_STATUS_GSI_SORT = GSI_STATUS_PREFIX + "#connection";
    /** The pending-index sort key of a pending transaction without a booking date: before every date. */
    static final String UNDATED = "0000-00-00";

    private Keys() {
    }

    static String account(String accountCanonicalId) {
        return "ACCT#" + accountCanonicalId;
    }

    static String connection(String connectionId) {
        return "CONN#" + connectionId;
    }

    /** The byConnection partition of an account's booked items still free to close a pending twin. */
    static String twin(String accountCanonicalId) {
        return "TWIN#" + accountCanonicalId;
    }

    static String txn(String providerTransactionId) {
        return TXN_PREFIX + providerTransactionId;
    }

    static String change(String providerTransactionId, Instant at) {
        return "CHG#" + providerTransactionId + "#" + Attrs.sortable(at);
    }

    static String balancePrefix(BalanceType type) {
        return "BAL#" + type.name() + "#";
    }

    /**
     * Within one type, history keys sort by time, then by the provider's type string. A balance that includes
     * the credit limit is a different figure from the same type without it (banks report both at one
     * moment), so it gets its own key rather than overwriting the other.
     */
    static String balance(BalanceType type, Instant asOf, String providerType, Boolean creditLimitIncluded) {
        return balancePrefix(type) + Attrs.sortable(asOf) + "#" + (providerType == null ? "" : providerType)
                + creditLimitSuffix(creditLimitIncluded);
    }

    /** The latest balance of a type; the credit-limit-inclusive variant has a latest of its own. */
    static String latestBalance(BalanceType type, Boolean creditLimitIncluded) {
        return LATEST_BALANCE_PREFIX + type.name() + creditLimitSuffix(creditLimitIncluded);
    }

    private static String creditLimitSuffix(Boolean creditLimitIncluded) {
        return Boolean.TRUE.equals(creditLimitIncluded) ? "+credit_limit" : "";
    }

    static String status(String job) {
        return STATUS_PREFIX + job;
    }

    static String statusGsiSort(String accountCanonicalId, String job) {
        return GSI_STATUS_PREFIX + accountCanonicalId + "#" + job;
    }

    static String rejection(String recordKey) {
        return REJECTION_PREFIX + recordKey;
    }

    static String event(String eventKey) {
        return "EVENT#" + eventKey;
    }

    static String run(String runId) {
        return "RUN#" + runId;
    }

    static String unit(String unitId) {
        return "UNIT#" + unitId;
    }

    static String slot(int n) {
        return "SLOT#" + n;
    }
}
