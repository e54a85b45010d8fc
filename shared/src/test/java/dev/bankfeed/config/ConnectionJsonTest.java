package dev.bankfeed.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bankfeed.provider.atlar.AtlarCredentials;
import dev.bankfeed.provider.atoa.AtoaCredentials;
import dev.bankfeed.provider.finqware.FinqwareCredentials;
import dev.bankfeed.testing.Providers;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionJsonTest {

    private static final String EXAMPLE = """
            {"connections":[
              {"id":"atlar-1","provider":"atlar","baseUrl":"https://api.atlar.com","accessKey":"AK-EXAMPLE","secret":"SEC-EXAMPLE"},
              {"id":"atoa-1","provider":"atoa","baseUrl":"https://api.atoa.me","secretKey":"sk_live_EXAMPLE",
               "accountAuthId":"auth-1","accountIds":["acc-1","acc-2"]},
              {"id":"finqware-1","provider":"finqware","baseUrl":"https://api.finqware.com","clientId":"cid",
               "clientSecret":"CS-EXAMPLE","consentId":"consent-1","refreshData":false}
            ]}""";

    private static String atlar(String fields) {
        return "{\"connections\":[{\"id\":\"c1\",\"provider\":\"atlar\"," + fields + "}]}";
    }

    private static String withBaseUrl(String url) {
        return atlar("\"baseUrl\":\"" + url + "\",\"accessKey\":\"AK-1\",\"secret\":\"SEC-VALUE-1\"");
    }

    @Test
    void parseFile_documentedExample_givesThreeTypedConnections() {
        List<Connection> cs = ConnectionJson.parseFile(EXAMPLE);

        assertThat(cs).extracting(Connection::id).containsExactly("atlar-1", "atoa-1", "finqware-1");
        Connection atlar = cs.get(0);
        assertThat(atlar.provider()).isEqualTo(Providers.ATLAR);
        assertThat(atlar.credentials(AtlarCredentials.class).accessKey()).isEqualTo("AK-EXAMPLE");
        assertThat(atlar.credentials(AtlarCredentials.class).secret().reveal()).isEqualTo("SEC-EXAMPLE");
        Connection atoa = cs.get(1);
        assertThat(atoa.credentials(AtoaCredentials.class).secretKey().reveal()).isEqualTo("sk_live_EXAMPLE");
        assertThat(atoa.credentials(AtoaCredentials.class).accountAuthId()).isEqualTo("auth-1");
        assertThat(atoa.credentials(AtoaCredentials.class).accountIds()).containsExactly("acc-1", "acc-2");
        Connection fq = cs.get(2);
        assertThat(fq.credentials(FinqwareCredentials.class).clientId()).isEqualTo("cid");
        assertThat(fq.credentials(FinqwareCredentials.class).clientSecret().reveal()).isEqualTo("CS-EXAMPLE");
        assertThat(fq.credentials(FinqwareCredentials.class).bearerToken()).isNull();
        assertThat(fq.credentials(FinqwareCredentials.class).consentId()).isEqualTo("consent-1");
        assertThat(fq.credentials(FinqwareCredentials.class).refreshData()).isFalse();
        assertThat(fq.baseUrl().toString()).isEqualTo("https://api.finqware.com");
    }

    @Test
    void connectionToString_showsNoCredential() {
        String all = ConnectionJson.parseFile(EXAMPLE).toString();

        assertThat(all).contains("atlar-1").doesNotContain("AK-EXAMPLE", "SEC-EXAMPLE", "sk_live_EXAMPLE",
                "CS-EXAMPLE");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"id\":\"c1\",\"provider\":\"atlar\",\"baseUrl\":\"https://x.test\",\"secret\":\"SEC-VALUE-1\"}|connection 'c1': field 'accessKey' is required",
            "{\"id\":\"c1\",\"provider\":\"atlar\",\"baseUrl\":\"https://x.test\",\"accessKey\":\"AK-1\"}|connection 'c1': field 'secret' is required",
            "{\"id\":\"c1\",\"provider\":\"atlar\",\"baseUrl\":\"https://x.test\",\"accessKey\":\"AK-1\",\"secret\":7}|connection 'c1': field 'secret' must be a string",
            "{\"id\":\"c1\",\"provider\":\"atlar\",\"baseUrl\":\"https://x.test\",\"accessKey\":\"AK-1\",\"secret\":\"SEC-VALUE-1\\n\"}|connection 'c1': field 'secret' contains control characters",
            "{\"id\":\"c1\",\"provider\":\"atoa\",\"baseUrl\":\"https://x.test\",\"accountAuthId\":\"a\"}|connection 'c1': field 'secretKey' is required",
            "{\"id\":\"c1\",\"provider\":\"atoa\",\"baseUrl\":\"https://x.test\",\"secretKey\":\"SEC-VALUE-1\"}|connection 'c1': field 'accountAuthId' or 'accountIds' is required",
            "{\"id\":\"c1\",\"provider\":\"atoa\",\"baseUrl\":\"https://x.test\",\"secretKey\":\"SEC-VALUE-1\",\"accountIds\":\"acc\"}|connection 'c1': field 'accountIds' must be an array of strings",
            "{\"id\":\"c1\",\"provider\":\"finqware\",\"baseUrl\":\"https://x.test\",\"clientSecret\":\"SEC-VALUE-1\",\"consentId\":\"k\"}|connection 'c1': field 'clientId' is required",
            "{\"id\":\"c1\",\"provider\":\"finqware\",\"baseUrl\":\"https://x.test\",\"clientId\":\"i\",\"clientSecret\":\"SEC-VALUE-1\"}|connection 'c1': field 'consentId' is required",
            "{\"id\":\"c1\",\"provider\":\"finqware\",\"baseUrl\":\"https://x.test\",\"clientId\":\"i\",\"consentId\":\"k\"}|connection 'c1': exactly one of fields 'clientSecret'",
            "{\"id\":\"c1\",\"provider\":\"finqware\",\"baseUrl\":\"https://x.test\",\"clientId\":\"i\",\"consentId\":\"k\",\"clientSecret\":\"SEC-VALUE-1\",\"bearerToken\":\"SEC-VALUE-2\"}|connection 'c1': exactly one of fields 'clientSecret'",
            "{\"id\":\"c1\",\"provider\":\"finqware\",\"baseUrl\":\"https://x.test\",\"clientId\":\"i\",\"consentId\":\"k\",\"clientSecret\":\"SEC-VALUE-1\",\"refreshData\":\"yes\"}|connection 'c1': field 'refreshData' must be true or false",
            "{\"id\":\"c1\",\"provider\":\"plaid\",\"baseUrl\":\"https://x.test\"}|connection 'c1': field 'provider' must be atlar, atoa or finqware",
            "{\"id\":\"c1\",\"provider\":\"atlar\",\"accessKey\":\"AK-1\",\"secret\":\"SEC-VALUE-1\"}|connection 'c1': field 'baseUrl' is required",
            "{\"provider\":\"atlar\",\"baseUrl\":\"https://x.test\",\"accessKey\":\"AK-1\",\"secret\":\"SEC-VALUE-1\"}|connection #1: field 'id' is required",
            "{\"id\":\"has space\",\"provider\":\"atlar\"}|connection #1: field 'id' must be 1 to 128 printable ASCII characters without spaces"})
    void parseFile_invalidConnection_namesConnectionAndFieldButNoSecretValue(String connection, String expected) {
        assertThatThrownBy(() -> ConnectionJson.parseFile("{\"connections\":[" + connection + "]}"))
                .isInstanceOf(ConnectionConfigException.class)
                .hasMessageStartingWith(expected)
                .message().doesNotContain("SEC-VALUE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080", "http://127.10.0.3", "http://localhost:9000/base",
            "http://[::1]:8443", "https://api.atlar.com", "https://10.0.0.1"})
    void parseFile_httpsOrLoopbackBaseUrl_isAccepted(String url) {
        assertThat(ConnectionJson.parseFile(withBaseUrl(url)).get(0).baseUrl().toString()).isEqualTo(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://api.atlar.com", "http://128.0.0.1", "http://localhost.evil.test",
            "http://10.0.0.1", "ftp://127.0.0.1", "https://user:pw@api.atlar.com", "https://api.atlar.com?x=1",
            "/relative", "https://"})
    void parseFile_otherBaseUrl_isRejectedWithoutQuotingIt(String url) {
        assertThatThrownBy(() -> ConnectionJson.parseFile(withBaseUrl(url)))
                .isInstanceOf(ConnectionConfigException.class)
                .hasMessageStartingWith("connection 'c1': field 'baseUrl'")
                .message().doesNotContain("pw@").doesNotContain("evil");
    }

    /**
     * A pasted credential may carry a zero-width space, a smart quote, a non-breaking space or an accent: the
     * JDK refuses such a header value and its error quotes the value, so the connection is refused first.
     */
    @ParameterizedTest(name = "{0} with U+{1}")
    @CsvSource({"accessKey,200B", "secret,201C", "secretKey,200B", "secretKey,00A0", "secretKey,0020",
            "clientSecret,2019", "bearerToken,00E9", "bearerToken,FEFF"})
    void parseConnection_credentialWithNonAsciiOrSpace_isRefusedNamingTheFieldNotTheValue(String field,
            String codePoint) {
        String value = "SEC-VALUE-" + Character.toString(Integer.parseInt(codePoint, 16)) + "-TAIL";
        String json = switch (field) {
            case "accessKey", "secret" -> "{\"provider\":\"atlar\",\"baseUrl\":\"https://x.test\","
                    + "\"accessKey\":\"AK-1\",\"secret\":\"SEC-1\"}";
            case "secretKey" -> "{\"provider\":\"atoa\",\"baseUrl\":\"https://x.test\",\"secretKey\":\"sk\","
                    + "\"accountIds\":[\"a1\"]}";
            case "clientSecret" -> "{\"provider\":\"finqware\",\"baseUrl\":\"https://x.test\",\"clientId\":\"i\","
                    + "\"consentId\":\"k\",\"clientSecret\":\"cs\"}";
            default -> "{\"provider\":\"finqware\",\"baseUrl\":\"https://x.test\",\"clientId\":\"i\","
                    + "\"consentId\":\"k\",\"bearerToken\":\"bt\"}";
        };
        String bad = json.replace("\"" + field + "\":\"", "\"" + field + "\":\"" + value);
        assertThat(bad).contains(value);

        assertThatThrownBy(() -> ConnectionJson.parseConnection(bad, "c1"))
                .isInstanceOf(ConnectionConfigException.class)
                .hasNoCause()
                .hasMessage("connection 'c1': field '" + field + "' must hold printable ASCII characters only, without"
                        + " spaces (check for a pasted invisible character or typographic quote)")
                .message().doesNotContain("SEC-VALUE").doesNotContain("TAIL");
    }

    @Test
    void parseConnection_maxConcurrency_isTheConnectionsOwnLimit_wholeAndPositiveOnly() {
        String json = "{\"provider\":\"atlar\",\"baseUrl\":\"https://x.test\",\"accessKey\":\"a\",\"secret\":\"s\"";

        assertThat(ConnectionJson.parseConnection(json + "}", "c1").maxConcurrency()).isNull();
        assertThat(ConnectionJson.parseConnection(json + ",\"maxConcurrency\":1}", "c1").maxConcurrency()).isEqualTo(1);
        for (String bad : List.of("0", "-2", "1.5", "\"3\"", "101")) {
            assertThatThrownBy(() -> ConnectionJson.parseConnection(json + ",\"maxConcurrency\":" + bad + "}", "c1"))
                    .isInstanceOf(ConnectionConfigException.class)
                    .hasMessage("connection 'c1': field 'maxConcurrency' must be a whole number from 1 to 100");
        }
    }

    @Test
    void parseFile_duplicateIds_areRejected() {
        String one = "{\"id\":\"c1\",\"provider\":\"atlar\",\"baseUrl\":\"https://x.test\",\"accessKey\":\"a\","
                + "\"secret\":\"s\"}";

        assertThatThrownBy(() -> ConnectionJson.parseFile("{\"connections\":[" + one + "," + one + "]}"))
                .hasMessage("connection 'c1': id is used by another connection");
    }

    @Test
    void parseFile_brokenJsonNextToASecret_givesThePositionNotTheText() {
        String broken = "{\"connections\":[{\"id\":\"c1\",\"secret\": SEC-UNQUOTED-VALUE}]}";

        assertThatThrownBy(() -> ConnectionJson.parseFile(broken))
                .isInstanceOf(ConnectionConfigException.class)
                .hasMessageStartingWith("connections file: not valid JSON (line 1")
                .hasNoCause()
                .message().doesNotContain("SEC-UNQUOTED");
    }

    @Test
    void parseFile_noConnectionsArray_isRejected() {
        assertThatThrownBy(() -> ConnectionJson.parseFile("[]"))
                .hasMessageContaining("'connections' array");
    }

    @Test
    void parseConnection_withoutId_takesTheDefaultId() {
        Connection c = ConnectionJson.parseConnection("{\"provider\":\"atoa\",\"baseUrl\":\"https://api.atoa.me\","
                + "\"secretKey\":\"sk\",\"accountIds\":[\"acc-1\"]}", "atoa-from-name");

        assertThat(c.id()).isEqualTo("atoa-from-name");
        assertThat(c.credentials(AtoaCredentials.class).accountAuthId()).isNull();
        assertThat(c.credentials(AtoaCredentials.class).accountIds()).containsExactly("acc-1");
    }

    @Test
    void parseConnection_withOwnId_keepsIt() {
        Connection c = ConnectionJson.parseConnection("{\"id\":\"fq\",\"provider\":\"finqware\","
                + "\"baseUrl\":\"https://api.finqware.com\",\"clientId\":\"i\",\"bearerToken\":\"bt\","
                + "\"consentId\":\"k\",\"refreshData\":true}", "other");

        assertThat(c.id()).isEqualTo("fq");
        assertThat(c.credentials(FinqwareCredentials.class).bearerToken().reveal()).isEqualTo("bt");
        assertThat(c.credentials(FinqwareCredentials.class).clientSecret()).isNull();
        assertThat(c.credentials(FinqwareCredentials.class).refreshData()).isTrue();
    }
}
