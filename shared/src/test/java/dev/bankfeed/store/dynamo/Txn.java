package dev.bankfeed.store.dynamo;

import dev.bankfeed.model.AccountIdentifier;
import dev.bankfeed.model.Counterparty;
import dev.bankfeed.model.Direction;
import dev.bankfeed.model.Money;
import dev.bankfeed.model.Provider;
import dev.bankfeed.model.Transaction;
import dev.bankfeed.model.TransactionStatus;
import dev.bankfeed.testing.Providers;
import java.time.Instant;
import java.time.LocalDate;

/** A transaction fixture with every field set; tests change what they need. */
final class Txn {

    static final Provider PROVIDER = Providers.ATOA;
    static final String ACCOUNT = "acc_001";
    static final String ACCOUNT_ID = PROVIDER.id() + ":" + ACCOUNT;

    Provider provider = PROVIDER;
    String account = ACCOUNT;
    String id;
    String recordId;
    Money amount = Money.ofMinor(-8999, "GBP");
    Direction direction = Direction.DEBIT;
    TransactionStatus status = TransactionStatus.BOOKED;
    LocalDate bookingDate = LocalDate.of(2026, 3, 10);
    Instant bookedAt = Instant.parse("2026-03-10T09:15:30.123456789Z");
    LocalDate valueDate = LocalDate.of(2026, 3, 11);
    String description = "Card payment";
    String reference = "INV-42";
    String merchantName = "Corner Shop";
    String category = "E-commerce";
    Counterparty counterparty = new Counterparty("Corner Shop Ltd",
            new AccountIdentifier(AccountIdentifier.SORT_CODE_ACCOUNT_NUMBER, "040004/12345678", "GB"));
    Money balanceAfter = Money.ofMinor(100045, "GBP");
    String keyset = "ks-1";
    Instant providerUpdatedAt = Instant.parse("2026-03-10T10:00:00Z");
    String rawJson = "{\"id\":\"x\",\"amount\":89.99}";

    Txn(String id) {
        this.id = id;
        this.recordId = "rec-" + id;
    }

    static Txn booked(String id) {
        return new Txn(id);
    }

    static Txn pending(String id) {
        Txn t = new Txn(id);
        t.status = TransactionStatus.PENDING;
        t.bookedAt = null;
        t.balanceAfter = null;
        return t;
    }

    Txn on(LocalDate date) {
        bookingDate = date;
        return this;
    }

    Transaction build() {
        return Transaction.builder().provider(provider).providerAccountId(account).providerTransactionId(id)
                .providerRecordId(recordId).amount(amount).direction(direction).status(status)
                .bookingDate(bookingDate).bookedAt(bookedAt).valueDate(valueDate).description(description)
                .reference(reference).merchantName(merchantName).category(category).counterparty(counterparty)
                .balanceAfter(balanceAfter).keyset(keyset).providerUpdatedAt(providerUpdatedAt).rawJson(rawJson)
                .build();
    }
}
