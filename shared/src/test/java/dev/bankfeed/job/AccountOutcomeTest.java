package dev.bankfeed.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bankfeed.model.ErrorClass;
import dev.bankfeed.provider.http.ProviderException;
import dev.bankfeed.store.WriteCounts;
import dev.bankfeed.testing.Providers;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AccountOutcomeTest {

    @Test
    void walked_isOkWhenComplete_elseStoppedAtDeadline_andCountsWhatItStored() {
        AccountOutcome done = AccountOutcome.walked("c", "atoa", "a", true, new WriteCounts(3, 2, 1), 4, 1, null, 9);
        AccountOutcome cut = AccountOutcome.walked("c", "atoa", "a", false, new WriteCounts(3, 2, 1), 4, 1, "why", 9);

        assertThat(done.status()).isEqualTo(AccountOutcome.Status.OK);
        assertThat(cut.status()).isEqualTo(AccountOutcome.Status.STOPPED_AT_DEADLINE);
        assertThat(cut).extracting(AccountOutcome::added, AccountOutcome::changed, AccountOutcome::unchanged,
                AccountOutcome::pages, AccountOutcome::rejected, AccountOutcome::message)
                .containsExactly(3L, 2L, 1L, 4, 1, "why");
        assertThat(done.errorClass()).isNull();
    }

    @Test
    void failedAtTheProvider_carriesItsClass_andTheWaitItAskedFor() {
        ProviderException throttled = new ProviderException(Providers.ATOA, ErrorClass.RATE_LIMITED, "/accounts", 429,
                null, null, "slow down", null, Duration.ofSeconds(30));

        AccountOutcome o = AccountOutcome.failed("c", "atoa", "a", throttled, 5);

        assertThat(o.status()).isEqualTo(AccountOutcome.Status.FAILED);
        assertThat(o.errorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
        assertThat(o.retryAfterSeconds()).isEqualTo(30L);
        assertThat(o.message()).isEqualTo(throttled.getMessage());
    }

    @Test
    void failedForRejections_isMalformed_andKeepsWhatWasStored() {
        AccountOutcome o = AccountOutcome.ok("c", "atoa", "a", new WriteCounts(2, 0, 0), 1, 3, null, 7)
                .failedForRejections("3 records rejected");

        assertThat(o.status()).isEqualTo(AccountOutcome.Status.FAILED);
        assertThat(o.errorClass()).isEqualTo(ErrorClass.MALFORMED_RESPONSE);
        assertThat(o).extracting(AccountOutcome::added, AccountOutcome::rejected, AccountOutcome::durationMillis)
                .containsExactly(2L, 3, 7L);
    }

    @Test
    void notStartedOutcomes_storeNothing() {
        assertThat(AccountOutcome.postponed("c", null, null, ErrorClass.RATE_LIMITED, "later"))
                .extracting(AccountOutcome::status, AccountOutcome::errorClass, AccountOutcome::added,
                        AccountOutcome::pages)
                .containsExactly(AccountOutcome.Status.POSTPONED, ErrorClass.RATE_LIMITED, 0L, 0);
        assertThat(AccountOutcome.notStartedAtDeadline("c", "atoa", "a", "time is up").status())
                .isEqualTo(AccountOutcome.Status.STOPPED_AT_DEADLINE);
        assertThat(AccountOutcome.leaseHeld("c", "atoa", "a", "busy", 0).status())
                .isEqualTo(AccountOutcome.Status.LEASE_HELD);
    }
}
