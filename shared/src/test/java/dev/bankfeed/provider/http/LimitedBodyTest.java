package dev.bankfeed.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class LimitedBodyTest {

    /** Records what the subscriber asks of the connection. */
    private static final class Subscription implements Flow.Subscription {
        long requested;
        boolean cancelled;

        @Override
        public void request(long n) {
            requested += n;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    private static List<ByteBuffer> bytes(int n) {
        return List.of(ByteBuffer.wrap(new byte[n]));
    }

    @Test
    void subscriber_streamOverTheLimit_cancelsAtTheFirstBufferPastItAndFailsWithTheFixedMessage() {
        LimitedBody body = new LimitedBody(200, 10);
        Subscription s = new Subscription();
        body.onSubscribe(s);

        body.onNext(bytes(6));
        assertThat(s.cancelled).isFalse();
        body.onNext(bytes(5));

        assertThat(s.cancelled).isTrue();
        assertThat(body.held()).isZero();
        CompletableFuture<byte[]> result = body.getBody().toCompletableFuture();
        assertThat(result).isCompletedExceptionally();
        assertThat(result.handle((ok, e) -> e).join()).isInstanceOf(BodyTooLargeException.class)
                .hasMessage("body is larger than the 10-byte limit");
    }

    @Test
    void subscriber_streamWithinTheLimit_givesTheBytes() {
        LimitedBody body = new LimitedBody(200, 10);
        body.onSubscribe(new Subscription());

        body.onNext(List.of(ByteBuffer.wrap("01234".getBytes(StandardCharsets.US_ASCII)),
                ByteBuffer.wrap("56789".getBytes(StandardCharsets.US_ASCII))));
        body.onComplete();

        assertThat(new String(body.getBody().toCompletableFuture().join(), StandardCharsets.US_ASCII))
                .isEqualTo("0123456789");
    }

    @Test
    void subscriber_declaredLengthOverTheLimit_cancelsBeforeReadingAnything() {
        LimitedBody body = LimitedBody.forDeclaredLength(500, 10, 11);
        Subscription s = new Subscription();
        body.onSubscribe(s);

        assertThat(s.cancelled).isTrue();
        assertThat(s.requested).isZero();
        assertThat(body.getBody().toCompletableFuture()).isCompletedExceptionally();
    }
}
