package dev.bankfeed.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CliArgsTest {

    @Test
    void number_givenInRange_isParsed_absent_isTheFallback() throws UsageException {
        CliArgs a = CliArgs.parse(List.of("--workers", "16", "--port=0"), Set.of("workers", "port", "timeout"),
                Set.of());

        assertThat(a.number("workers", 4, 1, 1000)).isEqualTo(16);
        assertThat(a.number("port", 3000, 0, 65535)).isZero();
        assertThat(a.number("timeout", 30, 1, 600)).isEqualTo(30);
    }

    @Test
    void number_outOfRangeOrNotAWholeNumber_isAUsageErrorNamingTheOptionAndRange() throws UsageException {
        for (String bad : List.of("0", "1001", "2.5", "ten", "")) {
            CliArgs a = CliArgs.parse(List.of("--workers", bad), Set.of("workers"), Set.of());
            assertThatThrownBy(() -> a.number("workers", 4, 1, 1000)).as(bad)
                    .isInstanceOf(UsageException.class)
                    .hasMessage("--workers must be a whole number from 1 to 1000");
        }
    }
}
