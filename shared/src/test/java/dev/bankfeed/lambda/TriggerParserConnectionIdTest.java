package dev.bankfeed.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bankfeed.config.ConnectionConfigException;
import dev.bankfeed.config.ConnectionJson;
import dev.bankfeed.json.BankJson;
import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP {@code connection} parameter and a connection's own id follow one rule. */
class TriggerParserConnectionIdTest {

    private static final LocalDate TODAY = LocalDate.of(2025, 3, 4);
    private static final String ATOA = "{\"provider\":\"atoa\",\"baseUrl\":\"https://api.atoa.me\","
            + "\"secretKey\":\"sk_test_1\",\"accountIds\":[\"a1\"]}";

    /** Ids a connection may have: Secrets Manager names allow / + = @ and more besides. */
    @ParameterizedTest
    @ValueSource(strings = {"acme", "acme/prod", "team+eu=1@corp", "a.b_c-d", "atoa:uk", "x", "~!$%^&*()[]{}",
            "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwx"})
    void parse_connectionIdAConnectionMayHave_isAccepted(String id) {
        assertThat(ConnectionJson.parseConnection(ATOA, id).id()).isEqualTo(id);

        Trigger t = TriggerParser.parse(http(id), TODAY);

        assertThat(t.connectionId()).isEqualTo(id);
        assertThat(TriggerParser.parse(scheduled(id), TODAY).connectionId()).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a b", " lead", "tab\tid", "new\nline", "caf\u00e9", "zero\u200bwidth",
            "\u201csmart\u201d",
            "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxy"})
    void parse_connectionIdNoConnectionMayHave_isRefusedByBoth(String id) {
        assertThatThrownBy(() -> ConnectionJson.parseConnection(ATOA, id))
                .isInstanceOf(ConnectionConfigException.class);

        assertThatThrownBy(() -> TriggerParser.parse(http(id), TODAY))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.field()).isEqualTo("connection"));
        assertThatThrownBy(() -> TriggerParser.parse(scheduled(id), TODAY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static JsonNode http(String connection) {
        ObjectNode e = BankJson.mapper().createObjectNode();
        e.putObject("requestContext").put("requestId", "r1").putObject("http").put("method", "POST");
        e.putObject("queryStringParameters").put("connection", connection);
        return e;
    }

    private static JsonNode scheduled(String connection) {
        return BankJson.mapper().createObjectNode().put("scheduleArn", "arn:aws:scheduler:::schedule/x")
                .put("scheduledTime", "2025-03-04T00:00:00Z").put("connection", connection);
    }
}
