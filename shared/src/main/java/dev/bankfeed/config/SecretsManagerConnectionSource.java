package dev.bankfeed.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsRequest;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;

/**
 * Connections from AWS Secrets Manager: every secret whose name starts with {@code namePrefix} holds one
 * connection object ({@link ConnectionJson#parseConnection}); its id defaults to the name without the prefix.
 * Keep one instance per container: the list of names and each secret's value are cached for {@code ttl}, and
 * {@link #invalidate(String)} re-reads one connection (after NEEDS_REAUTH, once someone has fixed its secret).
 * A secret that cannot be read or is invalid is left out and logged, and kept in {@link #rejected()}, so one bad
 * secret does not stop the other connections.
 *
 * <p>Plain SDK calls with this small cache rather than Powertools' SecretsProvider: discovery needs
 * ListSecrets anyway, and Powertools 2.9.0's cache can neither drop one entry ({@code invalidate}) nor take an
 * injected clock (its setter is package-private), both of which this class must do.
 */
public final class SecretsManagerConnectionSource implements ConnectionSource {

    private static final Logger LOG = LoggerFactory.getLogger(SecretsManagerConnectionSource.class);
    private static final int LIST_PAGE_SIZE = 100;

    private final SecretsManagerClient client;
    private final String prefix;
    private final Duration ttl;
    private final Clock clock;
    private final int listPageSize;

    private List<String> names;
    private Instant listedAt;
    private final Map<String, Entry> byName = new HashMap<>();
    private Map<String, String> rejected = Map.of();

    public SecretsManagerConnectionSource(SecretsManagerClient client, String namePrefix, Duration ttl, Clock clock) {
        this(client, namePrefix, ttl, clock, LIST_PAGE_SIZE);
    }

    SecretsManagerConnectionSource(SecretsManagerClient client, String namePrefix, Duration ttl, Clock clock,
            int listPageSize) {
        this.client = Objects.requireNonNull(client, "client");
        this.prefix = Objects.requireNonNull(namePrefix, "namePrefix");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listPageSize = listPageSize;
    }

    /**
     * The valid connections, ordered by secret name.
     *
     * @throws SdkException when the secrets cannot be listed at all
     */
    @Override
    public synchronized List<Connection> connections() {
        Instant now = clock.instant();
        if (names == null || !now.isBefore(listedAt.plus(ttl))) {
            names = listNames();
            listedAt = now;
            byName.keySet().retainAll(names);
        }
        List<Connection> out = new ArrayList<>();
        Map<String, String> problems = new TreeMap<>();
        Map<String, String> idOwner = new HashMap<>();
        for (String name : names) {
            Entry e = byName.get(name);
            if (e == null || !now.isBefore(e.readAt.plus(ttl))) {
                e = read(name, now);
                byName.put(name, e);
            }
            if (e.problem != null) {
                problems.put(name, e.problem);
                continue;
            }
            String other = idOwner.putIfAbsent(e.connection.id(), name);
            if (other != null) {
                problems.put(name, "connection '" + e.connection.id() + "': id is used by secret " + other);
                continue;
            }
            out.add(e.connection);
        }
        rejected = Map.copyOf(problems);
        return List.copyOf(out);
    }

    /** Secret name to reason, for the secrets the last {@link #connections()} call left out. */
    public synchronized Map<String, String> rejected() {
        return rejected;
    }

    @Override
    public synchronized void invalidate(String connectionId) {
        byName.entrySet().removeIf(e -> connectionId.equals(e.getValue().connectionId()));
    }

    private List<String> listNames() {
        List<String> out = new ArrayList<>();
        String token = null;
        do {
            ListSecretsRequest.Builder request = ListSecretsRequest.builder().maxResults(listPageSize).nextToken(token);
            if (!prefix.isEmpty()) {
                // The service's name filter is a case-insensitive prefix match; the exact check is below.
                request.filters(Filter.builder().key(FilterNameStringType.NAME).values(prefix).build());
            }
            ListSecretsResponse page = client.listSecrets(request.build());
            for (SecretListEntry s : page.secretList()) {
                if (s.name() != null && s.name().startsWith(prefix) && s.deletedDate() == null) {
                    out.add(s.name());
                }
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        out.sort(null);
        return List.copyOf(out);
    }

    private Entry read(String name, Instant now) {
        String defaultId = name.substring(prefix.length());
        try {
            GetSecretValueResponse value = client.getSecretValue(b -> b.secretId(name));
            if (value.secretString() == null) {
                return rejectedEntry(name, defaultId, "secret " + name + " has no SecretString", now);
            }
            return new Entry(ConnectionJson.parseConnection(value.secretString(), defaultId), null, defaultId, now);
        } catch (ConnectionConfigException e) {
            return rejectedEntry(name, defaultId, e.getMessage(), now);
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            return rejectedEntry(name, defaultId, "secret " + name + " could not be read ("
                    + (code == null ? e.getClass().getSimpleName() : code) + ")", now);
        }
    }

    private static Entry rejectedEntry(String name, String defaultId, String problem, Instant now) {
        LOG.error("connection secret {} left out: {}", name, problem);
        return new Entry(null, problem, defaultId, now);
    }

    private record Entry(Connection connection, String problem, String defaultId, Instant readAt) {

        String connectionId() {
            return connection != null ? connection.id() : defaultId;
        }

        @Override
        public String toString() {
            return "Entry[" + connectionId() + "]";
        }
    }
}
