package dev.bankfeed.store.dynamo;

import dev.bankfeed.provider.ProviderModules;
import dev.bankfeed.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.bankfeed.model.ErrorClass;
import dev.bankfeed.store.AccountStatus;
import dev.bankfeed.store.ConnectionStatus;
import dev.bankfeed.store.StatusStore;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DynamoStatusStoreIT {

    @RegisterExtension
    static final MotoDynamo DYNAMO = new MotoDynamo();

    private static final String ACCOUNT = "atoa:acc_001";
    private static final Instant T1 = Instant.parse("2026-03-12T08:00:00Z");
    private static final Instant T2 = Instant.parse("2026-03-12T09:00:00Z");
    private static final Instant T3 = Instant.parse("2026-03-12T10:00:00Z");

    private StatusStore statuses;

    @BeforeEach
    void setUp() {
        statuses = DynamoStores.create(DYNAMO.client(), DYNAMO.table(), new MutableClock(T1),
                ProviderModules.twinning()).statuses();
    }

    @Test
    void recordSuccess_first_setsSuccessAndNoError() {
        statuses.recordSuccess(ACCOUNT, "conn-1", "transactions", "run-1", T1);

        assertThat(statuses.status(ACCOUNT, "transactions")).contains(
                new AccountStatus(ACCOUNT, "conn-1", "transactions", T1, T1, null, null, false, "run-1"));
        assertThat(statuses.status(ACCOUNT, "balances")).isEmpty();
    }

    @Test
    void recordFailure_afterSuccess_keepsLastSuccessAndFlagsReauth() {
        statuses.recordSuccess(ACCOUNT, "conn-1", "transactions", "run-1", T1);

        statuses.recordFailure(ACCOUNT, "conn-1", "transactions", "run-2", ErrorClass.NEEDS_REAUTH,
                "Consent not found", T2);

        assertThat(statuses.status(ACCOUNT, "transactions")).contains(new AccountStatus(ACCOUNT, "conn-1",
                "transactions", T1, T2, ErrorClass.NEEDS_REAUTH, "Consent not found", true, "run-2"));
    }

    @Test
    void recordFailure_transientAfterReauth_clearsReauthFlag() {
        statuses.recordFailure(ACCOUNT, "conn-1", "balances", "run-1", ErrorClass.NEEDS_REAUTH, "expired", T1);

        statuses.recordFailure(ACCOUNT, "conn-1", "balances", "run-2", ErrorClass.TRANSIENT, null, T2);

        AccountStatus s = statuses.status(ACCOUNT, "balances").orElseThrow();
        assertThat(s.needsReauth()).isFalse();
        assertThat(s.lastErrorClass()).isEqualTo(ErrorClass.TRANSIENT);
        assertThat(s.lastErrorMessage()).isNull();
        assertThat(s.lastSuccessAt()).isNull();
    }

    @Test
    void recordSuccess_afterFailure_clearsErrorAndReauth() {
        statuses.recordFailure(ACCOUNT, "conn-1", "accounts", "run-1", ErrorClass.NEEDS_REAUTH, "expired", T1);

        statuses.recordSuccess(ACCOUNT, "conn-1", "accounts", "run-2", T3);

        assertThat(statuses.status(ACCOUNT, "accounts")).contains(
                new AccountStatus(ACCOUNT, "conn-1", "accounts", T3, T3, null, null, false, "run-2"));
    }

    @Test
    void recordFailure_longMessage_isCut() {
        statuses.recordFailure(ACCOUNT, "conn-1", "accounts", "run-1", ErrorClass.MALFORMED_RESPONSE,
                "x".repeat(5000), T1);

        assertThat(statuses.status(ACCOUNT, "accounts").orElseThrow().lastErrorMessage())
                .hasSize(DynamoStatusStore.MAX_MESSAGE_LENGTH);
    }

    @Test
    void statuses_ofConnection_listsEveryJobOfItsAccountsOnly() {
        statuses.recordSuccess(ACCOUNT, "conn-1", "transactions", "run-1", T1);
        statuses.recordFailure(ACCOUNT, "conn-1", "balances", "run-1", ErrorClass.RATE_LIMITED, "429", T1);
        statuses.recordSuccess("atoa:acc_002", "conn-1", "balances", "run-1", T1);
        statuses.recordSuccess("atlar:x", "conn-2", "balances", "run-1", T1);

        assertThat(statuses.statuses("conn-1"))
                .extracting(AccountStatus::accountCanonicalId, AccountStatus::job)
                .containsExactly(
                        tuple(ACCOUNT, "balances"),
                        tuple(ACCOUNT, "transactions"),
                        tuple("atoa:acc_002", "balances"));
        assertThat(statuses.statuses("conn-3")).isEmpty();
    }

    @Test
    void connectionStatus_failureBeforeAnyAccount_thenSuccess_keepsLastSuccessAndClearsTheError() {
        assertThat(statuses.connectionStatus("conn-1")).isEmpty();

        statuses.recordConnectionFailure("conn-1", "accounts", "run-1", ErrorClass.NEEDS_REAUTH, "consent_not_active",
                T1);

        assertThat(statuses.connectionStatus("conn-1")).contains(new ConnectionStatus("conn-1", "accounts", null, T1,
                ErrorClass.NEEDS_REAUTH, "consent_not_active", true, null, "run-1", T1));

        statuses.recordConnectionSuccess("conn-1", "transactions", "run-2", 3, T2);
        statuses.recordConnectionFailure("conn-1", "accounts", "run-3", ErrorClass.RATE_LIMITED, "x".repeat(5000), T3);

        ConnectionStatus s = statuses.connectionStatus("conn-1").orElseThrow();
        assertThat(s.lastSuccessAt()).isEqualTo(T2);
        assertThat(s.accounts()).isEqualTo(3);
        assertThat(s.lastAttemptAt()).isEqualTo(T3);
        assertThat(s.firstAttemptAt()).as("never moves").isEqualTo(T1);
        assertThat(s.lastJob()).isEqualTo("accounts");
        assertThat(s.lastErrorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
        assertThat(s.lastErrorMessage()).hasSize(DynamoStatusStore.MAX_MESSAGE_LENGTH);
        assertThat(s.needsReauth()).isFalse();

        statuses.recordConnectionSuccess("conn-1", "accounts", "run-4", 0, T3);

        assertThat(statuses.connectionStatus("conn-1")).contains(
                new ConnectionStatus("conn-1", "accounts", T3, T3, null, null, false, 0, "run-4", T1));
        assertThat(statuses.connectionStatus("conn-2")).isEmpty();
    }

    @Test
    void connectionStatus_sharesTheConnectionsStatusIndexEntry_butIsNoAccountStatus() {
        statuses.recordConnectionFailure("conn-1", "accounts", "run-1", ErrorClass.NEEDS_REAUTH, "expired", T1);
        statuses.recordSuccess(ACCOUNT, "conn-1", "transactions", "run-1", T1);

        // One query of the connection's statuses finds both items, its own first.
        assertThat(DYNAMO.client().query(b -> b.tableName(DYNAMO.table()).indexName(BankfeedTable.BY_CONNECTION_INDEX)
                        .keyConditionExpression("gsi1pk = :g AND begins_with(gsi1sk, :p)")
                        .expressionAttributeValues(java.util.Map.of(":g", Attrs.s("CONN#conn-1"),
                                ":p", Attrs.s("STATUS#"))))
                .items()).extracting(i -> i.get(BankfeedTable.SK).s()).containsExactly("STATUS", "STATUS#transactions");
        assertThat(statuses.statuses("conn-1")).extracting(AccountStatus::accountCanonicalId)
                .containsExactly(ACCOUNT);
    }
}
