package dev.bankfeed.model;

/**
 * One identifier of a bank account (IBAN, BBAN, UK sort code and account number, ...). Its
 * {@link #toString()} masks the number so that a record printed to a log never shows it in full.
 */
public record AccountIdentifier(String scheme, String number, String market) {

    /** The scheme of a UK identifier whose number is {@code sortCode/accountNumber}. */
    public static final String SORT_CODE_ACCOUNT_NUMBER = "SORT_CODE_ACCOUNT_NUMBER";

    /** The number with all but its last four characters replaced by {@code *}. */
    public String masked() {
        return mask(number);
    }

    /** Masks any account number the same way {@link #masked()} does; null stays null. */
    public static String mask(String number) {
        if (number == null) {
            return null;
        }
        int keep = Math.min(4, number.length() / 2);
        return "*".repeat(number.length() - keep) + number.substring(number.length() - keep);
    }

    @Override
    public String toString() {
        return "AccountIdentifier[scheme=" + scheme + ", number=" + masked() + ", market=" + market + "]";
    }
}
