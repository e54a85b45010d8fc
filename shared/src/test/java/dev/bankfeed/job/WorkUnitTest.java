package dev.bankfeed.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bankfeed.store.WriteCounts;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkUnitTest {

    private static final WorkUnit UNIT = new WorkUnit("run-1", JobKind.TRANSACTIONS, "atoa-1", "atoa:acc_1", false,
            LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 20), 1, null);

    @Test
    void json_roundTrips_everyField() {
        assertThat(WorkUnit.fromJson(UNIT.toJson())).isEqualTo(UNIT);
    }

    @Test
    void next_keepsTheUnitId_countsTheAttempt_andCarriesWhatWasStored() {
        AccountOutcome stored = AccountOutcome.walked("atoa-1", "atoa", "atoa:acc_1", false, new WriteCounts(50, 2, 3),
                2, 1, null, 10);

        WorkUnit next = UNIT.next(List.of(stored)).next(List.of(stored));

        assertThat(next.unitId()).isEqualTo(UNIT.unitId()).isEqualTo("transactions#atoa-1#atoa:acc_1");
        assertThat(next.attempt()).isEqualTo(3);
        assertThat(next.carried()).isEqualTo(new WorkUnit.Carried(100, 4, 6, 4, 2));
    }

    @Test
    void fromJson_refusesWhatIsNotAWorkUnitOfThisVersion() {
        assertThatThrownBy(() -> WorkUnit.fromJson("not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WorkUnit.fromJson(UNIT.toJson().replace("\"v\":1", "\"v\":2")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WorkUnit.fromJson(UNIT.toJson().replace("transactions", "payments")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WorkUnit.fromJson(UNIT.toJson().replace("\"attempt\":1", "\"attempt\":0")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wholeConnectionUnit_needsNoAccount_andItsIdIsTheConnections() {
        WorkUnit listing = new WorkUnit("run-1", JobKind.ACCOUNTS, "atlar-1", null, true, null, null, 1, null);

        assertThat(listing.unitId()).isEqualTo("accounts#atlar-1");
        assertThat(WorkUnit.fromJson(listing.toJson())).isEqualTo(listing);
    }
}
