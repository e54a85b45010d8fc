package dev.bankfeed.sandbox;

import java.math.BigInteger;
import java.util.Map;
import java.util.SplittableRandom;

/** Builds IBANs with correct ISO 13616 check digits, so clients that validate them accept sandbox data. */
public final class Iban {

    /** BBAN length per country (all-numeric BBANs keep generation simple and valid). */
    private static final Map<String, Integer> BBAN_LENGTH = Map.of(
            "DE", 18, "NO", 11, "SE", 20, "GB", 18, "KW", 26, "BH", 18, "RO", 20, "FR", 23, "NL", 14);

    private Iban() {
    }

    public static boolean supports(String country) {
        return BBAN_LENGTH.containsKey(country);
    }

    public static String random(String country, SplittableRandom r) {
        Integer len = BBAN_LENGTH.get(country);
        if (len == null) {
            throw new IllegalArgumentException("no IBAN format for " + country);
        }
        String bban;
        if (country.equals("GB")) {
            bban = "NWBK" + Rng.digits(r, 14);           // GB: 4-letter bank code + sort code + account
        } else if (country.equals("KW") || country.equals("BH") || country.equals("RO") || country.equals("NL")) {
            bban = "BANK" + Rng.digits(r, len - 4);
        } else {
            bban = Rng.digits(r, len);
        }
        return country + checkDigits(country, bban) + bban;
    }

    public static String checkDigits(String country, String bban) {
        int check = 98 - mod97(bban + country + "00");
        return check < 10 ? "0" + check : String.valueOf(check);
    }

    public static boolean isValid(String iban) {
        return iban.length() > 4 && mod97(iban.substring(4) + iban.substring(0, 4)) == 1;
    }

    private static int mod97(String alphanumeric) {
        StringBuilder numeric = new StringBuilder();
        for (char c : alphanumeric.toCharArray()) {
            numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        return new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue();
    }
}
