package dev.bankfeed.normalize;

import static dev.bankfeed.normalize.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.bankfeed.testing.Providers;
import org.junit.jupiter.api.Test;
import dev.bankfeed.model.Rejection;
import dev.bankfeed.model.RecordKind;

class RecordBatchTest {

    /** Maps a record to its "n" field, rejecting records without one. */
    private static final RecordBatch.RecordMapper<String> N = (r, raw) -> r.requireText("n");

    @Test
    void normalize_badRecordsAmongGood_keepsGoodOnesInOrderAndRejectsEachBadOneWithItsRawJson() {
        NormalizationResult<String> result = RecordBatch.normalize(Providers.ATOA, RecordKind.TRANSACTIONS,
                json("[{\"id\":\"a\",\"n\":\"1\"},{\"id\":\"b\"},[1,2],{\"n\":\"4\"},{\"x\":1.50}]"), "id", N);

        assertThat(result.records()).containsExactly("1", "4");
        assertThat(result.rejections()).extracting(Rejection::recordId, Rejection::field, Rejection::rawJson)
                .containsExactly(
                        tuple("b", "n", "{\"id\":\"b\"}"),
                        tuple("#2", "record", "[1,2]"),
                        tuple("#4", "n", "{\"x\":1.50}"));
        assertThat(result.rejections()).allSatisfy(r -> {
            assertThat(r.provider()).isEqualTo(Providers.ATOA);
            assertThat(r.kind()).isEqualTo(RecordKind.TRANSACTIONS);
        });
        assertThat(result.rejections().get(1).reason()).isEqualTo("must be a JSON object, not array");
    }

    @Test
    void each_severalArrays_namesRecordsWithoutIdByPrefixAndIndex() {
        NormalizationResult<String> result = RecordBatch.<String>of(Providers.FINQWARE, RecordKind.BALANCES)
                .each(json("[{\"n\":\"1\"},{}]"), "id", "acc-1/balances", N)
                .each(json("[{}]"), null, "", N)
                .result();

        assertThat(result.records()).containsExactly("1");
        assertThat(result.rejections()).extracting(Rejection::recordId).containsExactly("acc-1/balances#1", "#0");
    }

    @Test
    void one_singleRecordBody_isNormalizedWithItsRawJson() {
        NormalizationResult<String> result = RecordBatch.<String>of(Providers.ATOA, RecordKind.BALANCES)
                .one(json("{ \"balance\" : 100.45 }"), null, (r, raw) -> raw).result();

        assertThat(result.records()).containsExactly("{\"balance\":100.45}");
    }

    @Test
    void normalize_numericIdAndBlankId_numericNamesTheRecordBlankFallsBackToIndex() {
        NormalizationResult<String> result = RecordBatch.normalize(Providers.ATLAR, RecordKind.ACCOUNTS,
                json("[{\"id\":17},{\"id\":\"  \"}]"), "id", N);

        assertThat(result.rejections()).extracting(Rejection::recordId).containsExactly("17", "#1");
    }

    @Test
    void reject_containerLevelProblem_isRecordedBesideMappedRecords() {
        NormalizationResult<String> result = RecordBatch.<String>of(Providers.FINQWARE, RecordKind.BALANCES)
                .reject("acc-9", "balances", "must be an array, not object", json("{\"id\":\"acc-9\"}"))
                .result();

        assertThat(result.rejections()).singleElement().satisfies(r -> {
            assertThat(r.describe()).isEqualTo(
                    "finqware balances record acc-9: field 'balances': must be an array, not object");
            assertThat(r.rawJson()).isEqualTo("{\"id\":\"acc-9\"}");
        });
    }
}
