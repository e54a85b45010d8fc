package dev.bankfeed.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.model.Provider;
import java.util.List;
import dev.bankfeed.provider.http.Deadline;
import dev.bankfeed.provider.http.ProviderException;

/**
 * One connection's view of a provider. Returns raw provider bodies (parsed with BankJson); the
 * provider's normalizer turns them into canonical records. All calls retry within {@code deadline}
 * and fail with a classified {@link ProviderException}.
 */
public interface ProviderClient {

    Provider provider();

    /**
     * Every page of the account list, in the shape the accounts normalizer reads. For Atoa, where the
     * list may lack account ids, the client resolves the connection's configured account ids.
     */
    List<JsonNode> accountPages(Deadline deadline);

    /** The latest balances of one account, in the shape the balances normalizer reads. */
    JsonNode latestBalances(String providerAccountId, Deadline deadline);

    /**
     * Starts or resumes a transaction walk of one account. Memory stays one page: pages are fetched
     * only when {@link TransactionWalk#next()} asks for them.
     */
    TransactionWalk transactions(String providerAccountId, WalkRequest request, Deadline deadline);
}
