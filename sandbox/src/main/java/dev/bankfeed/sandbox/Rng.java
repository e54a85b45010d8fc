package dev.bankfeed.sandbox;

import java.util.SplittableRandom;

/**
 * Deterministic random streams keyed by the seed and a path of longs (provider, account, serial, ...):
 * any single value can be regenerated on demand without generating what came before it, which is what
 * lets 100,000 transactions live as a few primitive arrays instead of objects.
 */
public final class Rng {

    // Domains keep streams for different purposes independent even when their other keys coincide.
    public static final long ACCOUNT = 1;
    public static final long TXN_ID = 2;
    public static final long TXN_CONTENT = 3;
    public static final long TXN_TIME = 4;
    public static final long CREDENTIAL = 5;
    public static final long BALANCE = 6;
    public static final long PAGE = 7;
    public static final long CONNECTION = 8;
    public static final long TOKEN = 9;

    private Rng() {
    }

    public static SplittableRandom of(long seed, long... keys) {
        long h = mix(seed ^ 0x5DEECE66DL);
        for (long k : keys) {
            h = mix(h ^ mix(k + 0x9E3779B97F4A7C15L));
        }
        return new SplittableRandom(h);
    }

    /** The splitmix64 finalizer: a cheap bijection with good avalanche. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public static String hex(SplittableRandom r, int chars) {
        StringBuilder sb = new StringBuilder(chars);
        while (sb.length() < chars) {
            String h = Long.toHexString(r.nextLong());
            sb.append("0".repeat(16 - h.length())).append(h);
        }
        return sb.substring(0, chars);
    }

    /** A version-4-shaped UUID string drawn from {@code r}. */
    public static String uuid(SplittableRandom r) {
        String h = hex(r, 32);
        char variant = "89ab".charAt((int) (r.nextLong() & 3));
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-4" + h.substring(13, 16) + "-" + variant
                + h.substring(17, 20) + "-" + h.substring(20, 32);
    }

    public static String digits(SplittableRandom r, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) ('0' + r.nextInt(10)));
        }
        return sb.toString();
    }

    public static <T> T pick(SplittableRandom r, T[] options) {
        return options[r.nextInt(options.length)];
    }
}
