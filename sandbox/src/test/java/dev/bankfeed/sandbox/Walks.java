package dev.bankfeed.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bankfeed.sandbox.atlar.AtlarApi;
import java.util.ArrayList;
import java.util.List;

/** Correct page-by-page walks of each provider, the way docs/providers.md says a client must walk them. */
final class Walks {

    private Walks() {
    }

    record AtlarWalk(List<JsonNode> items, List<Integer> pageSizes, List<String> nextTokens) {
    }

    record AtoaWalk(List<JsonNode> items, List<Integer> totalCounts) {
    }

    static String atlarToken(SandboxHttp http, SandboxConnection c) {
        SandboxHttp.Resp r = http.post(AtlarApi.TOKEN_PATH, "application/x-www-form-urlencoded",
                "grant_type=client_credentials", SandboxHttp.basic(c.accessKey(), c.secret()));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("access_token").asText();
    }

    /** Follows nextToken until it is "" (never stops on a short page). */
    static AtlarWalk atlar(SandboxHttp http, String token, String pathAndQuery, int limit) {
        List<JsonNode> items = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        String next = "";
        String sep = pathAndQuery.contains("?") ? "&" : "?";
        for (int guard = 0; guard < 100_000; guard++) {
            String url = pathAndQuery + sep + "limit=" + limit + (next.isEmpty() ? "" : "&token=" + SandboxHttp.enc(next));
            SandboxHttp.Resp r = http.get(url, SandboxHttp.bearer(token));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode body = r.json();
            body.get("items").forEach(items::add);
            sizes.add(body.get("items").size());
            next = body.get("nextToken").asText();
            tokens.add(next);
            if (next.isEmpty()) {
                return new AtlarWalk(items, sizes, tokens);
            }
        }
        throw new AssertionError("Atlar walk did not end");
    }

    static String atoaTransactionsPath(String accountId, String from, String before, int page, int perPage) {
        return "/api/bank/accounts/" + accountId + "/transactions?from=" + SandboxHttp.enc(from) + "&before="
                + SandboxHttp.enc(before) + "&page=" + page + "&itemsPerPage=" + perPage;
    }

    /** Pages from 0 until (page + 1) * itemsPerPage covers totalCount; records totalCount on every page. */
    static AtoaWalk atoa(SandboxHttp http, SandboxConnection c, String accountId, String from, String before,
            int perPage) {
        List<JsonNode> items = new ArrayList<>();
        List<Integer> totals = new ArrayList<>();
        for (int page = 0; page < 100_000; page++) {
            SandboxHttp.Resp r = http.get(atoaTransactionsPath(accountId, from, before, page, perPage),
                    SandboxHttp.bearer(c.secretKey()));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode body = r.json();
            body.get("data").forEach(items::add);
            int total = body.get("totalCount").asInt();
            totals.add(total);
            if ((long) (page + 1) * perPage >= total) {
                return new AtoaWalk(items, totals);
            }
        }
        throw new AssertionError("Atoa walk did not end");
    }

    /** The credentials and consent every Finqware body carries, plus {@code extra} fields. */
    static String finqwareBody(SandboxConnection c, String extra) {
        return "{\"client_id\":\"" + c.clientId() + "\",\"client_secret\":\"" + c.clientSecret()
                + "\",\"consent_id\":\"" + c.consentId() + "\"" + (extra == null || extra.isEmpty() ? "" : "," + extra) + "}";
    }

    /** Follows pagination.after = last keyset while "more?" is true. */
    static List<JsonNode> finqware(SandboxHttp http, SandboxConnection c, String path, String listField,
            String filterJson, int limit) {
        List<JsonNode> items = new ArrayList<>();
        String after = null;
        for (int guard = 0; guard < 100_000; guard++) {
            String pagination = "\"pagination\":{\"limit\":" + limit + (after == null ? "" : ",\"after\":\"" + after + "\"") + "}";
            String extra = (filterJson == null ? "" : "\"filter\":" + filterJson + ",") + pagination;
            SandboxHttp.Resp r = http.postJson(path, finqwareBody(c, extra));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode body = r.json();
            JsonNode page = body.get(listField);
            page.forEach(items::add);
            if (!body.get("pagination").get("more?").asBoolean()) {
                return items;
            }
            assertThat(page.size()).as("a page that says more? must move the keyset").isPositive();
            after = page.get(page.size() - 1).get("keyset").asText();
        }
        throw new AssertionError("Finqware walk did not end");
    }
}
