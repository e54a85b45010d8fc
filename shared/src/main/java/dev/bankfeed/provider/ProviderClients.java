package dev.bankfeed.provider;

import dev.bankfeed.config.Connection;
import dev.bankfeed.provider.http.ClientSettings;
import dev.bankfeed.provider.http.HttpExecutor;
import dev.bankfeed.provider.http.Redactor;
import java.net.http.HttpClient;

/**
 * Builds the client of a connection's provider. Build the
 * {@link HttpClient} once per container ({@link #sharedHttpClient()} or {@link #httpClient(ClientSettings)}) and
 * pass it to every client.
 */
public final class ProviderClients {

    private static volatile HttpClient shared;

    private ProviderClients() {
    }

    /** A client for {@code connection} over {@code http}, by its provider's module. */
    public static ProviderClient create(Connection connection, HttpClient http, ClientSettings settings) {
        ProviderModule module = ProviderModules.of(connection.provider());
        HttpExecutor executor = new HttpExecutor(connection.provider(), http, settings, module.errorDialect(),
                Redactor.forConnection(connection));
        return module.client(connection, executor);
    }

    /**
     * A new HTTP client with the settings' connect timeout. HTTP/1.1 (one request at a time per walk gains
     * nothing from HTTP/2) and no redirects (a redirect could carry credentials to another host).
     */
    public static HttpClient httpClient(ClientSettings settings) {
        return HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The container's one HTTP client, built on first use with {@link ClientSettings#defaults()}. */
    public static HttpClient sharedHttpClient() {
        HttpClient h = shared;
        if (h == null) {
            synchronized (ProviderClients.class) {
                h = shared;
                if (h == null) {
                    h = httpClient(ClientSettings.defaults());
                    shared = h;
                }
            }
        }
        return h;
    }
}
