package dev.bankfeed.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.model.Account;
import dev.bankfeed.model.BalanceSnapshot;
import dev.bankfeed.model.Provider;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.json.BankJson;

/**
 * Turns one provider response body (parsed with {@link BankJson#mapper()}) into canonical records.
 * A bad record is rejected on its own and the rest of the page still normalizes. A body whose shape is
 * wrong as a whole (not the envelope the provider documents) throws {@link MalformedBodyException}.
 */
public interface ProviderNormalizer {

    Provider provider();

    NormalizationResult<Account> accounts(JsonNode body, NormalizationContext context);

    NormalizationResult<BalanceSnapshot> balances(JsonNode body, NormalizationContext context);

    NormalizationResult<Transaction> transactions(JsonNode body, NormalizationContext context);
}
