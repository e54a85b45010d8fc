package dev.bankfeed.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.lambda.JobHandler;
import dev.bankfeed.json.BankJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Invokes a {@link JobHandler} in process, as Lambda's runtime would: an event in, the JSON answer out. */
public final class HandlerCalls {

    private HandlerCalls() {
    }

    /** The handler's answer to {@code event}, with a fresh context of {@code function}; its exceptions propagate. */
    public static JsonNode invoke(JobHandler handler, JsonNode event, String function) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handle(new ByteArrayInputStream(BankJson.mapper().writeValueAsBytes(event)), out,
                    TestContext.of(function));
            return BankJson.mapper().readTree(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
