package dev.bankfeed.provider.http;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to a limit: a provider (or anything between) answering with an endless
 * or huge body must not exhaust a Lambda's heap. A declared {@code Content-Length} over the limit is refused
 * before any byte is read; otherwise the body is counted as it streams in and the connection is cancelled at
 * the first buffer that passes the limit, so no more than the limit is ever held.
 */
final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {

    private final int status;
    private final long limit;
    private final boolean declaredTooLarge;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final List<byte[]> chunks = new ArrayList<>();
    private long held;
    private Flow.Subscription subscription;

    LimitedBody(int status, long limit) {
        this(status, limit, false);
    }

    private LimitedBody(int status, long limit, boolean declaredTooLarge) {
        this.status = status;
        this.limit = limit;
        this.declaredTooLarge = declaredTooLarge;
    }

    /** A subscriber for a response that declared {@code declaredLength} bytes (-1 when it declared none). */
    static LimitedBody forDeclaredLength(int status, long limit, long declaredLength) {
        return new LimitedBody(status, limit, declaredLength > limit);
    }

    /** Reads each response's body with at most {@code limit} bytes held. */
    static HttpResponse.BodyHandler<byte[]> handler(long limit) {
        return info -> forDeclaredLength(info.statusCode(), limit,
                info.headers().firstValueAsLong("Content-Length").orElse(-1L));
    }

    /** How many body bytes are held now. */
    long held() {
        return held;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (declaredTooLarge) {
            refuse();
            return;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : buffers) {
            if (b.remaining() > limit - held) {
                refuse();
                return;
            }
            byte[] copy = new byte[b.remaining()];
            b.get(copy);
            chunks.add(copy);
            held += copy.length;
        }
    }

    @Override
    public void onError(Throwable t) {
        release();
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        if (result.isDone()) {
            return;
        }
        byte[] all = new byte[(int) held];
        int at = 0;
        for (byte[] c : chunks) {
            System.arraycopy(c, 0, all, at, c.length);
            at += c.length;
        }
        release();
        result.complete(all);
    }

    private void refuse() {
        subscription.cancel();
        release();
        result.completeExceptionally(new BodyTooLargeException(status, limit));
    }

    private void release() {
        chunks.clear();
        held = 0;
    }
}
