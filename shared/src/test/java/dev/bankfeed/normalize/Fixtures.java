package dev.bankfeed.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.model.Rejection;

/** Test bodies, parsed exactly as provider responses are: with {@link BankJson#mapper()}. */
public final class Fixtures {

    /** The fetch time of every test context. */
    public static final Instant FETCHED_AT = Instant.parse("2025-02-01T08:00:00Z");

    private Fixtures() {
    }

    /** A class-path resource such as {@code fixtures/atoa/transactions.json}. */
    public static JsonNode resource(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return BankJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(String text) {
        try {
            return BankJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one rejection of a result that has no records. */
    public static Rejection onlyRejection(NormalizationResult<?> result) {
        assertThat(result.records()).isEmpty();
        assertThat(result.rejections()).hasSize(1);
        return result.rejections().get(0);
    }

    /** A context for {@code accountId} (may be null) fetched at {@link #FETCHED_AT}. */
    public static NormalizationContext context(String accountId) {
        return new NormalizationContext(accountId, FETCHED_AT);
    }
}
