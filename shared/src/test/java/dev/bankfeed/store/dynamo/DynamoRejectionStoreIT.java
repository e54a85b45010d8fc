package dev.bankfeed.store.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bankfeed.model.RecordKind;
import dev.bankfeed.model.Rejection;
import dev.bankfeed.provider.ProviderModules;
import dev.bankfeed.store.OpenRejection;
import dev.bankfeed.store.RejectionStore;
import dev.bankfeed.testing.MutableClock;
import dev.bankfeed.testing.Providers;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DynamoRejectionStoreIT {

    @RegisterExtension
    static final MotoDynamo DYNAMO = new MotoDynamo();

    private static final String ACCOUNT = "atoa:acc_001";
    private static final Instant T1 = Instant.parse("2026-03-12T08:00:00Z");
    private static final Instant T2 = Instant.parse("2026-03-13T08:00:00Z");
    private static final LocalDate D1 = LocalDate.parse("2026-03-02");
    private static final LocalDate D2 = LocalDate.parse("2026-03-03");

    private RejectionStore rejections;

    @BeforeEach
    void setUp() {
        rejections = DynamoStores.create(DYNAMO.client(), DYNAMO.table(), new MutableClock(T1),
                ProviderModules.twinning()).rejections();
    }

    @Test
    void recordOpen_again_refreshesReasonAndLastSeen_butKeepsFirstSightingAndReadFrom() {
        rejections.recordOpen(ACCOUNT, List.of(rejection("tx_1", "currency", "unknown ISO 4217 currency \"ZZZ\"")),
                D1, "run-1", T1);

        rejections.recordOpen(ACCOUNT, List.of(rejection("tx_1", "amount", "3 decimals in EUR")), D2, "run-2", T2);

        assertThat(rejections.open(ACCOUNT)).containsExactly(new OpenRejection(ACCOUNT, "id:tx_1", "tx_1", "amount",
                "3 decimals in EUR", D1, T1, T2, "run-2"));
        assertThat(rejections.open("atoa:acc_002")).isEmpty();
    }

    @Test
    void close_removesOnlyTheGivenKeys_ofThatAccount() {
        rejections.recordOpen(ACCOUNT, List.of(rejection("tx_1", "currency", "bad"), rejection("tx_2", "date", "bad")),
                D1, "run-1", T1);
        rejections.recordOpen("atoa:acc_002", List.of(rejection("tx_1", "currency", "bad")), D1, "run-1", T1);

        rejections.close(ACCOUNT, List.of(OpenRejection.keyOfRecord("tx_1"), "id:never-opened"));

        assertThat(rejections.open(ACCOUNT)).extracting(OpenRejection::recordId).containsExactly("tx_2");
        assertThat(rejections.open("atoa:acc_002")).extracting(OpenRejection::recordId).containsExactly("tx_1");
    }

    @Test
    void recordWithoutId_isKeyedByItsContent_notByItsPositionInAPage() {
        Rejection first = new Rejection(Providers.ATOA, RecordKind.TRANSACTIONS, "#3", "id", "missing",
                "{\"amount\":\"1.00\"}");
        Rejection sameAtAnotherPosition = new Rejection(Providers.ATOA, RecordKind.TRANSACTIONS, "#7", "id",
                "missing", "{\"amount\":\"1.00\"}");
        Rejection other = new Rejection(Providers.ATOA, RecordKind.TRANSACTIONS, "#3", "id", "missing",
                "{\"amount\":\"2.00\"}");

        rejections.recordOpen(ACCOUNT, List.of(first), D1, "run-1", T1);
        rejections.recordOpen(ACCOUNT, List.of(sameAtAnotherPosition, other), D1, "run-2", T2);

        assertThat(OpenRejection.keyOf(first)).isEqualTo(OpenRejection.keyOf(sameAtAnotherPosition))
                .isNotEqualTo(OpenRejection.keyOf(other)).startsWith("content:");
        assertThat(rejections.open(ACCOUNT)).hasSize(2).allSatisfy(r -> assertThat(r.recordKey())
                .doesNotContain("amount"));
    }

    private static Rejection rejection(String id, String field, String reason) {
        return new Rejection(Providers.ATOA, RecordKind.TRANSACTIONS, id, field, reason, "{\"id\":\"" + id + "\"}");
    }
}
