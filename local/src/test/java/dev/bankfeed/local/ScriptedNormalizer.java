package dev.bankfeed.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.model.Account;
import dev.bankfeed.model.BalanceSnapshot;
import dev.bankfeed.model.Provider;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.normalize.NormalizationContext;
import dev.bankfeed.normalize.NormalizationResult;
import dev.bankfeed.normalize.ProviderNormalizer;
import java.util.List;

/**
 * A stand-in normalizer that returns what a test scripted and remembers what it was given, so that the
 * command's own behaviour (arguments, input, output, exit codes) is tested apart from any real mapping.
 */
final class ScriptedNormalizer implements ProviderNormalizer {

    private final Provider provider;
    private NormalizationResult<Account> accounts = new NormalizationResult<>(List.of(), List.of());
    private NormalizationResult<BalanceSnapshot> balances = new NormalizationResult<>(List.of(), List.of());
    private NormalizationResult<Transaction> transactions = new NormalizationResult<>(List.of(), List.of());
    private RuntimeException failure;

    JsonNode lastBody;
    NormalizationContext lastContext;
    String lastKind;

    ScriptedNormalizer(Provider provider) {
        this.provider = provider;
    }

    ScriptedNormalizer accounts(NormalizationResult<Account> result) {
        this.accounts = result;
        return this;
    }

    ScriptedNormalizer balances(NormalizationResult<BalanceSnapshot> result) {
        this.balances = result;
        return this;
    }

    ScriptedNormalizer transactions(NormalizationResult<Transaction> result) {
        this.transactions = result;
        return this;
    }

    ScriptedNormalizer failing(RuntimeException e) {
        this.failure = e;
        return this;
    }

    @Override
    public Provider provider() {
        return provider;
    }

    @Override
    public NormalizationResult<Account> accounts(JsonNode body, NormalizationContext context) {
        return answer("accounts", body, context, accounts);
    }

    @Override
    public NormalizationResult<BalanceSnapshot> balances(JsonNode body, NormalizationContext context) {
        return answer("balances", body, context, balances);
    }

    @Override
    public NormalizationResult<Transaction> transactions(JsonNode body, NormalizationContext context) {
        return answer("transactions", body, context, transactions);
    }

    private <T> NormalizationResult<T> answer(String kind, JsonNode body, NormalizationContext context,
            NormalizationResult<T> result) {
        lastKind = kind;
        lastBody = body;
        lastContext = context;
        if (failure != null) {
            throw failure;
        }
        return result;
    }
}
