package dev.bankfeed.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.job.JobKind;
import dev.bankfeed.model.Account;
import dev.bankfeed.sandbox.ExpectedAccount;
import dev.bankfeed.testing.JobHandlerContract;

/** ListAccountsHandler with the events/ files, over the provider sandbox and moto_server. */
class ListAccountsHandlerIT extends JobHandlerContract {

    ListAccountsHandlerIT() {
        super("list-accounts", JobKind.ACCOUNTS, ListAccountsHandler::new);
    }

    /** The account is stored under its connection, once, with its currency. */
    @Override
    protected void assertFirstRunStored(ExpectedAccount account, String accountId, JsonNode outcome) {
        assertThat(outcome.path("added").asLong()).as(accountId).isEqualTo(1);
        assertThat(harness.deps().accounts().accounts(account.connectionId()))
                .filteredOn(a -> a.canonicalId().equals(accountId)).singleElement()
                .extracting(Account::currency).isEqualTo(account.currency());
    }
}
