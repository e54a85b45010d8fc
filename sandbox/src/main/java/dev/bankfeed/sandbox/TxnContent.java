package dev.bankfeed.sandbox;

import java.util.SplittableRandom;

/**
 * What a transaction says, derived on demand from (seed, account, origin serial): a pending transaction and
 * the booked one that replaces it share their origin, hence their amount, reference and counterparty.
 */
public record TxnContent(
        long amountMinor,
        boolean negativeDebit,
        String description,
        String reference,
        String counterpartyName,
        String counterpartyIban,
        String counterpartySortCode,
        String counterpartyAccountNumber,
        boolean hasCounterpartyAccount,
        String category,
        String merchantName,
        int valueDateShiftDays) {

    private static final String[][] DEBITS = {
        // name, category, is a merchant
        {"Amazon UK Ltd", "E-commerce", "y"},
        {"Tesco Stores", "Groceries", "y"},
        {"Shell UK", "Fuel", "y"},
        {"British Gas", "Utilities", "n"},
        {"HMRC", "Taxes", "n"},
        {"AWS EMEA SARL", "Software", "y"},
        {"Landlord Properties Ltd", "Rent", "n"},
        {"Café Nørrebro ApS", "Meals", "y"},
        {"Payroll Services", "Salaries", "n"},
    };
    private static final String[][] CREDITS = {
        {"ABC Company Ltd", "Income"},
        {"Nordic Trading AS", "Income"},
        {"Stripe Payments Europe", "Payouts"},
        {"Ålesund Fisk AS", "Income"},
        {"Kuwait Finance House", "Transfers"},
        {"Customer Refund", "Refunds"},
    };
    private static final String[] COUNTERPARTY_MARKETS = {"DE", "GB", "NO", "SE", "FR", "NL"};

    public boolean credit() {
        return amountMinor > 0;
    }

    /** Just the signed amount, cheaply: the ledger needs it for every transaction, the text only for served ones. */
    public static long amount(long seed, AccountSpec account, long origin) {
        return drawAmount(stream(seed, account, origin), account.currency());
    }

    public static TxnContent of(long seed, AccountSpec account, long origin) {
        SplittableRandom r = stream(seed, account, origin);
        long amount = drawAmount(r, account.currency());
        boolean credit = amount > 0;
        boolean negativeDebit = !credit && r.nextInt(100) < 25;
        String name;
        String category;
        String merchant = null;
        String reference;
        if (credit) {
            String[] c = CREDITS[r.nextInt(CREDITS.length)];
            name = c[0];
            category = c[1];
            reference = (category.equals("Income") ? "SALARY-" : "PAY-") + Rng.digits(r, 6);
        } else {
            String[] d = DEBITS[r.nextInt(DEBITS.length)];
            name = d[0];
            category = d[1];
            merchant = d[2].equals("y") ? name : null;
            reference = "INV-" + Rng.digits(r, 4) + "-" + (char) ('A' + r.nextInt(26));
        }
        String description = (credit ? "Payment from " : "Payment to ") + name + " " + reference;
        boolean hasAccount = r.nextInt(100) < 85;
        String iban = Iban.random(Rng.pick(r, COUNTERPARTY_MARKETS), r);
        return new TxnContent(amount, negativeDebit, description, reference, name, iban, Rng.digits(r, 6),
                Rng.digits(r, 8), hasAccount, category, merchant, r.nextInt(100) < 20 ? 1 : 0);
    }

    private static SplittableRandom stream(long seed, AccountSpec account, long origin) {
        return Rng.of(seed, Rng.TXN_CONTENT, account.key(), origin);
    }

    /**
     * A signed amount with exactly the currency's decimals. Some are round ("1500.00") or end in a zero
     * ("89.90") so that clients printing or parsing numbers loosely lose digits in tests.
     */
    private static long drawAmount(SplittableRandom r, String currency) {
        boolean credit = r.nextInt(100) < 40;
        long unit = SandboxCurrency.unit(currency);
        long major = 1 + r.nextLong((credit ? 20_000 : 3_000) * SandboxCurrency.scale(currency));
        int style = r.nextInt(100);
        long fraction;
        if (unit == 1 || style < 15) {
            fraction = 0;
        } else if (style < 25) {
            fraction = r.nextLong(unit / 10) * 10;
        } else {
            fraction = r.nextLong(unit);
        }
        long magnitude = major * unit + fraction;
        return credit ? magnitude : -magnitude;
    }
}
