package dev.bankfeed.sandbox;

/**
 * One latest balance as the provider reports it, in signed minor units.
 *
 * @param type the provider's own type: Atlar {@code BOOKED}, {@code BOOKED_ADJUSTED}, {@code AVAILABLE}; Atoa
 *     {@code CURRENT}; Finqware {@code available}, {@code closing_booked}
 * @param creditLimitIncluded Finqware's {@code credit_limit_included}; false elsewhere
 */
public record ExpectedBalance(String type, long amountMinor, String currency, boolean creditLimitIncluded) {
}
