package dev.bankfeed.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoTimesTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "2024-01-14T11:45:00Z",
        "2024-11-21T22:59:59.999999999Z",
        "2024-11-21T22:59:59.5Z",
        "2024-11-21T22:59:59.123456+01:00",
        "2024-06-14T00:30:00-05:30",
        "2024-02-29T23:59:59+14:00",
        "2024-01-14T11:45Z",
        "+12024-01-14T11:45:00Z"
    })
    void dateTime_isoText_sameAsTheJdkParser(String text) {
        assertThat(IsoTimes.dateTime(text)).isEqualTo(OffsetDateTime.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2024-01-14T11:45:00", "2024-01-14", "2024-13-14T11:45:00Z", "2023-02-29T11:45:00Z",
        "2024-01-14T24:00:00Z", "2024-01-14T11:45:00.1234567891Z",
        "2024-01-14T11:45:00+1:00", "2024-01-14T11:45:00+19:00", "2024-01-14 11:45:00Z", "2024-0a-14T11:45:00Z",
        "2024-01-14T11:45:00ZZ", ""
    })
    void dateTime_notIsoWithOffset_isNull(String text) {
        assertThat(IsoTimes.dateTime(text)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-02-30", "2024-1-14", "20240114", "2024/01/14", "2024-01-1x", "-024-01-14"})
    void date_notAnIsoDate_isNull(String text) {
        assertThat(IsoTimes.date(text)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-02-29", "0001-01-01", "9999-12-31"})
    void date_isoDate_sameAsTheJdkParser(String text) {
        assertThat(IsoTimes.date(text)).isEqualTo(LocalDate.parse(text));
    }
}
