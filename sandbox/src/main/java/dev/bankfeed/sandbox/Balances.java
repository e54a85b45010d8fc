package dev.bankfeed.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * The latest balances of an account, by provider; the one source for both the served payloads and
 * {@link ProviderSandbox#expected()}. The booked balance comes first.
 */
final class Balances {

    private Balances() {
    }

    static List<ExpectedBalance> latest(AccountSpec a, Ledger ledger) {
        long booked = ledger.bookedBalance();
        String cur = a.currency();
        List<ExpectedBalance> list = new ArrayList<>();
        switch (a.provider()) {
            case ATLAR -> {
                // Atlar reports several types for the same day with the same amount; that is not duplication.
                list.add(new ExpectedBalance("BOOKED", booked, cur, false));
                list.add(new ExpectedBalance("BOOKED_ADJUSTED", booked, cur, false));
                list.add(new ExpectedBalance("AVAILABLE", booked, cur, false));
            }
            case ATOA -> list.add(new ExpectedBalance("CURRENT", booked, cur, false));
            case FINQWARE -> {
                long available = booked + ledger.pendingDebits();
                list.add(new ExpectedBalance(finqwareBookedType(a), booked, cur, false));
                list.add(new ExpectedBalance("available", available, cur, false));
                if (a.creditLimitMinor() > 0) {
                    list.add(new ExpectedBalance("available", available + a.creditLimitMinor(), cur, true));
                }
            }
            default -> throw new IllegalStateException();
        }
        return list;
    }

    /** Banks differ in which booked balance they report: half the accounts say closing, half interim_booked. */
    static String finqwareBookedType(AccountSpec a) {
        return a.ordinal() % 2 == 0 ? "closing" : "interim_booked";
    }
}
