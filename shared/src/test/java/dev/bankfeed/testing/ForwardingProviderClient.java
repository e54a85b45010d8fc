package dev.bankfeed.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.model.Provider;
import dev.bankfeed.provider.http.Deadline;
import dev.bankfeed.provider.ProviderClient;
import dev.bankfeed.provider.TransactionPage;
import dev.bankfeed.provider.TransactionWalk;
import dev.bankfeed.provider.WalkRequest;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** A provider client that answers as its delegate does; tests override what the bank should answer otherwise. */
public class ForwardingProviderClient implements ProviderClient {

    protected final ProviderClient delegate;

    public ForwardingProviderClient(ProviderClient delegate) {
        this.delegate = delegate;
    }

    /** A client whose walks hand each page to {@code inspect} (which may change its body) before the job reads it. */
    public static ProviderClient onEachPage(ProviderClient delegate, Consumer<TransactionPage> inspect) {
        return new ForwardingProviderClient(delegate) {
            @Override
            public TransactionWalk transactions(String providerAccountId, WalkRequest request, Deadline deadline) {
                TransactionWalk walk = delegate.transactions(providerAccountId, request, deadline);
                return () -> {
                    Optional<TransactionPage> page = walk.next();
                    page.ifPresent(inspect);
                    return page;
                };
            }
        };
    }

    @Override
    public Provider provider() {
        return delegate.provider();
    }

    @Override
    public List<JsonNode> accountPages(Deadline deadline) {
        return delegate.accountPages(deadline);
    }

    @Override
    public JsonNode latestBalances(String providerAccountId, Deadline deadline) {
        return delegate.latestBalances(providerAccountId, deadline);
    }

    @Override
    public TransactionWalk transactions(String providerAccountId, WalkRequest request, Deadline deadline) {
        return delegate.transactions(providerAccountId, request, deadline);
    }
}
