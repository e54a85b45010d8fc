package dev.bankfeed.provider.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.model.Provider;
import dev.bankfeed.json.BankJson;
import dev.bankfeed.model.ErrorClass;
import dev.bankfeed.tracing.Tracing;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends provider requests with the resilience every client shares: a per-request timeout never longer than
 * the time left, retries of 408/429/5xx/I-O failures with jittered exponential backoff or the provider's
 * {@code Retry-After}, never a sleep past the {@link Deadline} (a wait that does not fit fails at once), and
 * every failure classified as a {@link ProviderException}. A 2xx whose body is not JSON is
 * MALFORMED_RESPONSE and is not retried: a broken body is rarely fixed by asking again within the same
 * second, and the next run retries the account anyway; so is a body over {@link ClientSettings#maxBodyBytes()},
 * which is never read further than that. Nothing it logs or throws contains a header, a
 * request body or a credential (error texts from providers pass through the {@link Redactor}).
 */
public final class HttpExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(HttpExecutor.class);
    private static final int MAX_DETAIL = 200;

    private final Provider provider;
    private final HttpClient http;
    private final ClientSettings settings;
    private final ErrorDialect dialect;
    private final Redactor redactor;

    public HttpExecutor(Provider provider, HttpClient http, ClientSettings settings, ErrorDialect dialect,
            Redactor redactor) {
        this.provider = provider;
        this.http = http;
        this.settings = settings;
        this.dialect = dialect;
        this.redactor = redactor;
    }

    public Provider provider() {
        return provider;
    }

    public ClientSettings settings() {
        return settings;
    }

    public Redactor redactor() {
        return redactor;
    }

    /**
     * Sends {@code request}, retrying as the {@link RetryPolicy} allows, and returns the parsed 2xx body.
     *
     * @throws ProviderException classified, once retries are spent, the deadline leaves no room, or the
     *         failure is not retryable
     */
    public ProviderResponse execute(ProviderRequest request, Deadline deadline) {
        RetryPolicy policy = settings.retry();
        for (int attempt = 1;; attempt++) {
            Duration remaining = deadline.remaining();
            if (remaining.isZero()) {
                throw failure(request, new Failure(ErrorClass.TRANSIENT, 0, null, null,
                        "deadline reached before the request was sent", null));
            }
            Failure failure;
            Optional<Duration> retryAfter = Optional.empty();
            try {
                HttpResponse<byte[]> response = send(request, min(settings.requestTimeout(), remaining));
                int status = response.statusCode();
                String requestId = clean(response.headers().firstValue("request-id")
                        .or(() -> response.headers().firstValue("x-request-id")).orElse(null));
                if (status >= 200 && status < 300) {
                    return success(request, status, requestId, response.body());
                }
                failure = errorFailure(status, requestId, response.body());
                if (!isRetryable(status)) {
                    throw failure(request, failure);
                }
                retryAfter = response.headers().firstValue("Retry-After")
                        .flatMap(v -> RetryAfter.parse(v, settings.clock().instant()));
            } catch (BodyTooLargeException e) {
                // Asking again would bring the same flood; the fixed message quotes none of it.
                throw failure(request, new Failure(ErrorClass.MALFORMED_RESPONSE, e.status(), null, null,
                        e.getMessage(), null));
            } catch (IOException e) {
                failure = new Failure(ErrorClass.TRANSIENT, 0, null, null, describe(e), e);
            }
            waitBeforeRetry(request, attempt, policy, failure, retryAfter, deadline);
        }
    }

    /** One attempt, traced: the span holds the host, the path template and the status, nothing else. */
    private HttpResponse<byte[]> send(ProviderRequest request, Duration timeout) throws IOException {
        Tracing.Span span = Tracing.remoteCall(provider.id(), request.method(), request.uri().getHost(),
                pathOf(request.endpoint()));
        try {
            HttpResponse<byte[]> response = sendOnce(request, timeout);
            span.status(response.statusCode());
            return response;
        } catch (IOException | RuntimeException e) {
            span.failed(e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** The path template of an endpoint such as "GET /v1/accounts/{id}" (the method is recorded apart). */
    private static String pathOf(String endpoint) {
        int space = endpoint.indexOf(' ');
        return space < 0 ? endpoint : endpoint.substring(space + 1);
    }

    private HttpResponse<byte[]> sendOnce(ProviderRequest request, Duration timeout) throws IOException {
        CompletableFuture<HttpResponse<byte[]>> future;
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(request.uri())
                    .timeout(timeout)
                    .header("Accept", "application/json")
                    .header("User-Agent", "bankfeed");
            request.headers().forEach(b::header);
            b.method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(request.body()));
            future = http.sendAsync(b.build(), LimitedBody.handler(settings.maxBodyBytes()));
        } catch (RuntimeException e) {
            // The JDK's message quotes the value it refused (a header may hold a credential): neither the
            // message nor the exception goes on, and asking again would be refused again.
            throw failure(request, new Failure(ErrorClass.PERMANENT, 0, null, null, "request could not be built:"
                    + " a header, the URI or the method holds a value HTTP refuses (" + e.getClass().getSimpleName()
                    + ")", null));
        }
        try {
            // The request timeout covers only the headers; this bound also covers a body that stalls.
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HttpTimeoutException("no complete response within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                if (t instanceof BodyTooLargeException tooLarge) {
                    throw tooLarge;
                }
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause() == null ? "request failed" : e.getCause().getClass().getSimpleName(),
                    e.getCause());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the response", e);
        }
    }

    private ProviderResponse success(ProviderRequest request, int status, String requestId, byte[] bytes) {
        JsonNode body;
        try {
            body = BankJson.mapper().readTree(bytes);
        } catch (JsonProcessingException e) {
            // Jackson's own message quotes the offending text, which may be account data: report a position only.
            JsonLocation at = e.getLocation();
            throw failure(request, new Failure(ErrorClass.MALFORMED_RESPONSE, status, requestId, null,
                    "body is not JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column "
                            + at.getColumnNr() + ")"), null));
        } catch (IOException e) {
            throw failure(request, new Failure(ErrorClass.MALFORMED_RESPONSE, status, requestId, null,
                    "body could not be read", null));
        }
        if (body == null || body.isMissingNode() || body.isNull()) {
            throw failure(request, new Failure(ErrorClass.MALFORMED_RESPONSE, status, requestId, null,
                    "body is empty", null));
        }
        return new ProviderResponse(provider, request.endpoint(), status, requestId, body);
    }

    private Failure errorFailure(int status, String headerRequestId, byte[] bytes) {
        JsonNode body = parseQuietly(bytes);
        String code = clean(dialect.code(body));
        String requestId = headerRequestId != null ? headerRequestId : clean(dialect.requestId(body));
        ErrorClass cls = classify(status, code, body);
        String message = dialect.message(body);
        String detail = "HTTP " + status + (message == null ? "" : " " + clean(redactor.redact(message)));
        // The code is provider text too, and ends up in messages, logs and the account's status.
        return new Failure(cls, status, requestId, clean(redactor.redact(code)), detail, null);
    }

    private ErrorClass classify(int status, String code, JsonNode body) {
        if (status == 429) {
            return ErrorClass.RATE_LIMITED;
        }
        if (isRetryable(status)) {
            return ErrorClass.TRANSIENT;
        }
        ErrorClass special = dialect.classify(status, code, body);
        if (special != null) {
            return special;
        }
        return status == 401 ? ErrorClass.NEEDS_REAUTH : ErrorClass.PERMANENT;
    }

    private static boolean isRetryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private void waitBeforeRetry(ProviderRequest request, int attempt, RetryPolicy policy, Failure failure,
            Optional<Duration> retryAfter, Deadline deadline) {
        // Giving up on a Retry-After passes it on: the run holds the connection's other units back that long.
        Duration asked = retryAfter.orElse(null);
        if (attempt >= policy.maxAttempts()) {
            throw failure(request, failure.with("gave up after " + attempt + " attempts"), asked);
        }
        Duration wait = retryAfter.orElseGet(() -> policy.backoff(attempt, settings.random()));
        if (retryAfter.isPresent() && wait.compareTo(policy.maxRetryAfter()) > 0) {
            throw failure(request, failure.with("Retry-After " + wait.toSeconds() + " s is longer than the "
                    + policy.maxRetryAfter().toSeconds() + " s we wait"), asked);
        }
        Duration left = deadline.remaining();
        if (wait.compareTo(left) >= 0) {
            throw failure(request, failure.with((retryAfter.isPresent() ? "Retry-After " : "backoff ")
                    + wait.toMillis() + " ms does not fit in the " + left.toMillis() + " ms left"), asked);
        }
        LOG.warn("{} {} failed ({}, {}); retry {} of {} in {} ms{}", provider.id(), request.endpoint(),
                failure.cls, failure.detail, attempt, policy.maxAttempts() - 1, wait.toMillis(),
                failure.requestId == null ? "" : " (request id " + failure.requestId + ")");
        try {
            settings.sleeper().sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(request, failure.with("interrupted while waiting to retry"));
        }
    }

    private ProviderException failure(ProviderRequest request, Failure f) {
        return failure(request, f, null);
    }

    private ProviderException failure(ProviderRequest request, Failure f, Duration retryAfter) {
        return new ProviderException(provider, f.cls, request.endpoint(), f.status, f.requestId, f.code, f.detail,
                f.cause, retryAfter);
    }

    private String describe(IOException e) {
        String kind = e instanceof HttpTimeoutException ? "timeout" : "I/O error";
        String msg = e.getMessage();
        return kind + " " + e.getClass().getSimpleName() + (msg == null ? "" : ": " + clean(redactor.redact(msg)));
    }

    private static JsonNode parseQuietly(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        try {
            JsonNode n = BankJson.mapper().readTree(bytes);
            return n != null && n.isObject() ? n : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    /** One line, printable, bounded: provider texts end up in logs and must not forge or flood them. */
    private static String clean(String s) {
        if (s == null) {
            return null;
        }
        String one = s.replaceAll("\\p{Cntrl}", " ").strip();
        return one.length() > MAX_DETAIL ? one.substring(0, MAX_DETAIL) + "..." : one;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private record Failure(ErrorClass cls, int status, String requestId, String code, String detail,
            Throwable cause) {

        Failure with(String more) {
            return new Failure(cls, status, requestId, code, detail + "; " + more, cause);
        }
    }
}
