package dev.bankfeed.store;

import dev.bankfeed.model.Rejection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;

/**
 * A provider record of an account that normalization rejected and that is not stored yet. {@code recordKey}
 * identifies the record across walks: its provider id, or a hash of its content when it has none (a position in a
 * page is no identity). {@code readFrom} is where the walk that first read it started: a walk from there reads it
 * again. {@code reason} names the field and why, never the value of an account number.
 */
public record OpenRejection(
        String accountCanonicalId,
        String recordKey,
        String recordId,
        String field,
        String reason,
        LocalDate readFrom,
        Instant firstSeenAt,
        Instant lastSeenAt,
        String lastRunId) {

    private static final String ID = "id:";
    private static final String CONTENT = "content:";

    /** The key of a rejected record. */
    public static String keyOf(Rejection r) {
        if (r.recordId() != null && !r.recordId().matches("#\\d+")) {
            return keyOfRecord(r.recordId());
        }
        return CONTENT + contentHash(r.rawJson());
    }

    /** The key a rejection of the record with this provider id has: it is closed once that record is stored. */
    public static String keyOfRecord(String providerRecordId) {
        return ID + providerRecordId;
    }

    /** One line for a status message: record, field and reason. */
    public String describe() {
        return "record " + recordId + ": field '" + field + "': " + reason;
    }

    private static String contentHash(String rawJson) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((rawJson == null ? "" : rawJson).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
