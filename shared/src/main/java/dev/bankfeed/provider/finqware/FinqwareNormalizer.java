package dev.bankfeed.provider.finqware;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.model.Account;
import dev.bankfeed.model.BalanceSnapshot;
import dev.bankfeed.model.Provider;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.normalize.NormalizationContext;
import dev.bankfeed.normalize.NormalizationResult;
import dev.bankfeed.normalize.ProviderNormalizer;

/** Maps Finqware payloads (PROVIDERS.md section 5) to canonical records. */
public final class FinqwareNormalizer implements ProviderNormalizer {

    @Override
    public Provider provider() {
        return Provider.FINQWARE;
    }

    @Override
    public NormalizationResult<Account> accounts(JsonNode body, NormalizationContext context) {
        throw new UnsupportedOperationException("in progress");
    }

    @Override
    public NormalizationResult<BalanceSnapshot> balances(JsonNode body, NormalizationContext context) {
        throw new UnsupportedOperationException("in progress");
    }

    @Override
    public NormalizationResult<Transaction> transactions(JsonNode body, NormalizationContext context) {
        throw new UnsupportedOperationException("in progress");
    }
}
