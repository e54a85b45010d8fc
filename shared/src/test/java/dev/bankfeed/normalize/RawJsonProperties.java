package dev.bankfeed.normalize;

import static dev.bankfeed.normalize.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import dev.bankfeed.json.BankJson;

/**
 * The raw payload writer must write exactly what Jackson's writer writes: stored {@code raw} values and the
 * content hashes over them would otherwise change for unchanged provider records.
 */
class RawJsonProperties {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Characters that need escaping or are easy to get wrong, weighted in among ordinary ones. */
    private static final char[] TRICKY = {
        '"', '\\', '/', '\n', '\r', '\t', '\b', '\f', 0, 1, 0x1f, 0x7f, 0x80, 0xe9, 0x2028, 0x2029, 0xfeff,
        0xd83d, 0xde00, 0xdc00, 0xffff, '<', '\'', '&'
    };

    @Property(tries = 500)
    void write_randomTreeParsedAsProviderBodiesAre_isWhatJacksonWrites(@ForAll long seed)
            throws JsonProcessingException {
        JsonNode built = tree(new SplittableRandom(seed), 0);
        // Parsed back with BankJson, so that the node kinds are the ones provider bodies have.
        JsonNode parsed = json(BankJson.mapper().writeValueAsString(built));

        assertThat(RawJson.write(parsed)).isEqualTo(jackson(parsed));
        assertThat(RawJson.write(built)).isEqualTo(jackson(built));
    }

    @Example
    void write_numbersInEveryFormBankJsonReads_isWhatJacksonWrites() throws JsonProcessingException {
        JsonNode parsed = json("[0,-0,1500.0,1500.00,0.10,-89.99,1e3,1E+3,2.5E-7,-0.0,2147483648,-9223372036854775808,"
                + "9223372036854775808,123456789012345678901234567890,1.000000000000000000000000001,"
                + "{\"a\":[],\"b\":{},\"\":null,\"c\":true,\"d\":false}]");

        assertThat(RawJson.write(parsed)).isEqualTo(jackson(parsed));
    }

    @Example
    void write_nodesBankJsonNeverParses_fallBackToJackson() throws JsonProcessingException {
        ArrayNode odd = F.arrayNode().add(1.5d).add(0.1f).add((short) 7).add(BigInteger.TEN.pow(30))
                .add(new byte[] {1, 2, 3}).add(Double.NaN).addPOJO(new BigDecimal("1E+5"));

        assertThat(RawJson.write(odd)).isEqualTo(jackson(odd));
    }

    @Example
    void write_providerFixtures_isWhatJacksonWrites() throws JsonProcessingException {
        for (String fixture : new String[] {"atlar/transactions.json", "atlar/accounts.json", "atlar/balances.json",
                "atoa/transactions.json", "atoa/accounts.json", "atoa/balance.json", "atoa/account-details.json",
                "finqware/transactions.json", "finqware/accounts.json", "finqware/balances.json"}) {
            JsonNode body = Fixtures.resource("fixtures/" + fixture);

            assertThat(RawJson.write(body)).as(fixture).isEqualTo(jackson(body));
        }
    }

    private static String jackson(JsonNode node) throws JsonProcessingException {
        return BankJson.mapper().writer().writeValueAsString(node);
    }

    private static JsonNode tree(SplittableRandom r, int depth) {
        int kind = depth >= 4 ? 2 + r.nextInt(7) : r.nextInt(9);
        return switch (kind) {
            case 0 -> {
                ObjectNode o = F.objectNode();
                int n = r.nextInt(6);
                for (int i = 0; i < n; i++) {
                    o.set(text(r), tree(r, depth + 1));
                }
                yield o;
            }
            case 1 -> {
                ArrayNode a = F.arrayNode();
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    a.add(tree(r, depth + 1));
                }
                yield a;
            }
            case 2, 3 -> F.textNode(text(r));
            case 4 -> F.numberNode(r.nextInt(3) == 0 ? r.nextLong() : r.nextInt(1000) - 500);
            case 5 -> F.numberNode(BigDecimal.valueOf(r.nextLong(), r.nextInt(12) - 3));
            case 6 -> F.booleanNode(r.nextBoolean());
            case 7 -> F.nullNode();
            default -> F.numberNode(new BigDecimal(BigInteger.valueOf(r.nextLong()).multiply(BigInteger.TEN.pow(
                    r.nextInt(4))), r.nextInt(40) - 20));
        };
    }

    private static String text(SplittableRandom r) {
        int n = r.nextInt(12);
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int pick = r.nextInt(10);
            b.append(pick < 5 ? (char) (' ' + r.nextInt(95))
                    : pick < 8 ? TRICKY[r.nextInt(TRICKY.length)]
                    : (char) r.nextInt(0x10000));
        }
        return b.toString();
    }
}
